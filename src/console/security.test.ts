import { describe, expect, it } from "vitest";
import {
  allowedHosts,
  cookieValue,
  CONTENT_SECURITY_POLICY,
  hostAllowed,
  newAccessToken,
  originAllowed,
  sameToken,
  tokenCookie,
  tokenCookieName,
  verdict,
} from "./security.js";

const TOKEN = "t".repeat(20) + "0123456789abcdefghijk";
const hosts = allowedHosts("127.0.0.1", 4180);
const TOKEN_COOKIE = tokenCookieName(4180);
const facts = (over: Partial<Parameters<typeof verdict>[0]> = {}) => ({
  method: "GET",
  host: "127.0.0.1:4180",
  origin: undefined,
  cookie: `${TOKEN_COOKIE}=${TOKEN}`,
  cookieName: TOKEN_COOKIE,
  queryToken: undefined,
  ...over,
});

describe("the access token", () => {
  it("is fresh and long at each start", () => {
    const a = newAccessToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newAccessToken()).not.toBe(a);
  });

  it.each([
    [TOKEN, true],
    [`${TOKEN}x`, false],
    [TOKEN.slice(1), false],
    ["", false],
    [undefined, false],
  ])("compares %j in constant time: %s", (given, same) => {
    expect(sameToken(given, TOKEN)).toBe(same);
  });

  it("rides in an HttpOnly, SameSite=Strict cookie named for the console's port", () => {
    expect(TOKEN_COOKIE).toBe("hibob_console_4180");
    expect(tokenCookie(TOKEN_COOKIE, "abc")).toBe(`${TOKEN_COOKIE}=abc; HttpOnly; SameSite=Strict; Path=/`);
    expect(cookieValue(`a=1; ${TOKEN_COOKIE}=abc; b=2`, TOKEN_COOKIE)).toBe("abc");
    expect(cookieValue("a=1", TOKEN_COOKIE)).toBeUndefined();
    expect(cookieValue(undefined, TOKEN_COOKIE)).toBeUndefined();
  });
});

describe("hosts and origins", () => {
  it("answers a loopback console by its address and the loopback names only", () => {
    expect([...hosts].sort()).toEqual(["127.0.0.1:4180", "[::1]:4180", "localhost:4180"]);
    expect(hostAllowed("LOCALHOST:4180", hosts)).toBe(true);
    expect(hostAllowed("evil.example:4180", hosts)).toBe(false);
    expect(hostAllowed("127.0.0.1:4181", hosts)).toBe(false);
    expect(hostAllowed(undefined, hosts)).toBe(false);
  });

  it("answers a console on another address by that address (and the names it is given)", () => {
    expect([...allowedHosts("192.168.1.5", 80, ["box"])].sort()).toEqual(["192.168.1.5:80", "box:80"]);
  });

  it.each([
    ["GET", undefined, true],
    ["POST", "http://127.0.0.1:4180", true],
    ["PUT", "http://127.0.0.1:4180", true],
    ["POST", undefined, false],
    ["POST", "null", false],
    ["POST", "http://evil.example", false],
    ["DELETE", "https://127.0.0.1:4180", false],
  ])("%s with Origin %s: %s", (method, origin, allowed) => {
    expect(originAllowed(method, origin, "127.0.0.1:4180")).toBe(allowed);
  });
});

describe("verdict", () => {
  it("serves a request with the cookie", () => {
    expect(verdict(facts(), TOKEN, hosts)).toEqual({ allow: true, setCookie: false });
  });

  it("reads only its own port's cookie: another console's on the same host is not its token", () => {
    const other = facts({ cookie: `${tokenCookieName(4181)}=${TOKEN}` });
    expect(verdict(other, TOKEN, hosts)).toMatchObject({ allow: false, status: 403 });
  });

  it("trades the printed URL's token for the cookie on a GET only", () => {
    const fresh = facts({ cookie: undefined, queryToken: TOKEN });
    expect(verdict(fresh, TOKEN, hosts)).toEqual({ allow: true, setCookie: true });
    const posted = { ...fresh, method: "POST", origin: "http://127.0.0.1:4180" };
    expect(verdict(posted, TOKEN, hosts)).toMatchObject({ allow: false, status: 403 });
  });

  it("redirects the printed URL opened again with the cookie set, so the token leaves the address bar", () => {
    expect(verdict(facts({ queryToken: TOKEN }), TOKEN, hosts)).toEqual({ allow: true, setCookie: true });
  });

  it.each([
    ["no token", facts({ cookie: undefined })],
    ["a wrong cookie", facts({ cookie: `${TOKEN_COOKIE}=nope` })],
    ["a wrong query token", facts({ cookie: undefined, queryToken: "nope" })],
  ])("refuses %s with 403, repeating nothing it was sent", (_, request) => {
    const answer = verdict(request, TOKEN, hosts);
    expect(answer).toMatchObject({ allow: false, status: 403 });
    expect(JSON.stringify(answer)).not.toContain("nope");
  });

  it("refuses a foreign Host before anything else, even with the token (DNS rebinding)", () => {
    expect(verdict(facts({ host: "rebound.example:4180" }), TOKEN, hosts)).toMatchObject({
      allow: false,
      status: 421,
    });
  });

  it("refuses a change from another origin, even with the cookie (CSRF)", () => {
    const answer = verdict(facts({ method: "POST", origin: "http://evil.example" }), TOKEN, hosts);
    expect(answer).toMatchObject({ allow: false, status: 403 });
  });
});

it("the CSP allows no inline script or style and nothing from elsewhere", () => {
  expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
  expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  expect(CONTENT_SECURITY_POLICY).toContain("style-src 'self'");
  expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe");
});

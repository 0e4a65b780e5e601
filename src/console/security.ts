import { randomBytes, timingSafeEqual } from "node:crypto";

// The console holds credentials and can start syncs, so every request proves three things before it is served:
// it carries this start's access token (a browser or script that merely reaches the port has none), its Host is
// one the console answers to (a DNS-rebinding page names its own host), and a state-changing request comes from
// the console's own origin (a page elsewhere that posts to it is refused). All of it is pure: server.ts applies it.

/**
 * The cookie that carries the access token after the first page load. Cookies ignore ports, so each console's has
 * its port in its name: a second console on the same host (the demo's beside a real one) keeps its own.
 */
export const tokenCookieName = (port: number): string => `hibob_console_${port}`;

/** The query parameter of the printed URL; the first load trades it for the cookie and is redirected without it. */
export const TOKEN_PARAM = "token";

/** A fresh token per start: 32 random bytes, URL-safe. */
export function newAccessToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Compares in constant time, so response timing tells nothing about how much of a guess was right. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

/** HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it; Path=/: every route needs it. */
export function tokenCookie(name: string, token: string): string {
  return `${name}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** `host:port` as a browser writes it in Host and Origin: IPv6 addresses in brackets. */
export function hostPort(host: string, port: number): string {
  return `${host.includes(":") ? `[${host}]` : host}:${port}`;
}

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "::1"];

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The Host headers the console answers to: the address it listens on and, for a loopback one, the loopback names.
 * `extra` are the machine's own addresses and names, for a console bound to every interface (0.0.0.0 or ::).
 */
export function allowedHosts(host: string, port: number, extra: readonly string[] = []): ReadonlySet<string> {
  const names = new Set([host, ...extra]);
  if (isLoopbackHost(host)) for (const name of LOOPBACK_NAMES) names.add(name);
  return new Set([...names].map((name) => hostPort(name, port)));
}

/** Whether the Host header names the console (case-insensitive, as host names are). */
export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  return header !== undefined && allowed.has(header.toLowerCase());
}

const SAFE_METHODS = new Set(["GET", "HEAD"]);

/**
 * A state-changing request must come from a page of the console: its Origin is the console's own (`http://` and the
 * Host it was sent to). A browser always sends Origin on a POST, PUT or DELETE; one without it is not the console's page.
 */
export function originAllowed(method: string, origin: string | undefined, host: string | undefined): boolean {
  if (SAFE_METHODS.has(method)) return true;
  return (
    origin !== undefined && host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`
  );
}

/**
 * The console's own pages run only its own script and style files: no inline script or style, nothing from
 * elsewhere, no framing, no form posting anywhere else.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers on every answer: nothing cached, sniffed, framed or leaked in a Referer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

export type Verdict =
  | { readonly allow: true; readonly setCookie: boolean }
  | { readonly allow: false; readonly status: 400 | 403 | 421; readonly reason: string };

export interface RequestFacts {
  readonly method: string;
  /** The name of this console's token cookie (tokenCookieName). */
  readonly cookieName: string;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly cookie: string | undefined;
  /** The token in the query string (only the printed URL carries one). */
  readonly queryToken: string | undefined;
}

/**
 * Whether to serve a request, and whether it proved itself with the printed URL's token (then the answer sets the
 * cookie and redirects to the same page without the token). The reasons never repeat what the request sent.
 */
export function verdict(facts: RequestFacts, token: string, hosts: ReadonlySet<string>): Verdict {
  if (!hostAllowed(facts.host, hosts)) {
    return { allow: false, status: 421, reason: "This console does not answer to that host name." };
  }
  if (!originAllowed(facts.method, facts.origin, facts.host)) {
    return { allow: false, status: 403, reason: "Changes are accepted only from the console's own pages." };
  }
  // The printed URL wins over the cookie: opened again, it still redirects, so the token never stays in the
  // address bar or the browser's history.
  if (SAFE_METHODS.has(facts.method) && sameToken(facts.queryToken, token)) {
    return { allow: true, setCookie: true };
  }
  if (sameToken(cookieValue(facts.cookie, facts.cookieName), token)) return { allow: true, setCookie: false };
  return {
    allow: false,
    status: 403,
    reason:
      "Open the console with the URL it printed when it started (it carries this start's access token).",
  };
}

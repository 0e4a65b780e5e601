import type { LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { credentialUrl, parseConfig } from "./config.js";
import {
  isLoopbackAddress,
  loopbackOnlyLookup,
  PlainHttpRefusal,
  plainHttpRefusal,
  plainHttpTransport,
  urlProblem,
} from "./url-safety.js";

describe("isLoopbackAddress", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["128.0.0.1", false],
    ["0.0.0.0", false],
    ["10.0.0.1", false],
    ["::ffff:10.0.0.1", false],
    ["2001:db8::1", false],
    ["localhost", false],
    ["127.attacker.example", false],
  ])("%s: %s", (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});

describe("urlProblem", () => {
  it.each([
    "https://api.hibob.com/v1",
    "https://10.0.0.1/v1",
    "http://127.0.0.1:4010/v1",
    "http://[::1]:4010/v1",
    "http://[::ffff:127.0.0.1]/v1",
    // Names are resolved when connecting, not judged by their spelling here.
    "http://localhost:4010/v1",
    "http://127.attacker.example/v1",
    "not a url",
  ])("has nothing against %s", (url) => {
    expect(urlProblem(url)).toBeUndefined();
  });

  it.each(["http://10.0.0.1/v1", "http://[2001:db8::1]/v1", "http://0.0.0.0/v1", "http://167772161/v1"])(
    "refuses plain http to the address of %s",
    (url) => {
      expect(urlProblem(url)).toMatch(
        /^must use https: \S+ is not this machine \(plain http only to this machine/,
      );
    },
  );

  it.each([
    "https://admin:pa55word@lms.test/scim",
    "https://admin@lms.test/scim",
    "http://:pa55word@127.0.0.1/",
  ])("refuses credentials in %s without quoting them", (url) => {
    const problem = urlProblem(url) ?? "";
    expect(problem).toMatch(/^must not hold a user name or password/);
    expect(problem).not.toMatch(/admin|pa55word/);
  });

  it("is not quoted with its password when the URL does not even parse", () => {
    const schema = z.strictObject({ base_url: credentialUrl() });
    expect(() => parseConfig(schema, { base_url: "https://admin:pa55word@/scim" })).toThrow(
      `'base_url' must be a full http(s) URL such as https://host/path, not "https://…@/scim".`,
    );
  });
});

interface Answer {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
  family?: number;
}

/** A resolver with a fixed answer, in node's dns.lookup shape for `all: true` and for a single address. */
function resolver(answer: LookupAddress[] | NodeJS.ErrnoException): LookupFunction {
  return (_hostname, options, callback) => {
    if (answer instanceof Error) callback(answer, "");
    else if (options.all === true) callback(null, answer);
    else callback(null, answer[0]?.address ?? "", answer[0]?.family);
  };
}

function ask(lookup: LookupFunction, all: boolean): Promise<Answer> {
  return new Promise((resolve) => {
    lookup("bob.test", { all }, (error, address, family) => {
      resolve({ error, address, ...(family === undefined ? {} : { family }) });
    });
  });
}

describe("loopbackOnlyLookup", () => {
  it("passes loopback addresses on, in the shape asked for", async () => {
    const lookup = loopbackOnlyLookup(resolver([{ address: "127.0.0.1", family: 4 }]));
    expect(await ask(lookup, true)).toEqual({ error: null, address: [{ address: "127.0.0.1", family: 4 }] });
    expect(await ask(lookup, false)).toEqual({ error: null, address: "127.0.0.1", family: 4 });
  });

  it("refuses a name with an address outside loopback, naming it", async () => {
    const lookup = loopbackOnlyLookup(
      resolver([
        { address: "::1", family: 6 },
        { address: "203.0.113.7", family: 4 },
      ]),
    );
    const { error } = await ask(lookup, false);
    expect(error).toBeInstanceOf(PlainHttpRefusal);
    expect((error as PlainHttpRefusal).problemFor("api_url")).toBe(
      "'api_url' must use https: bob.test resolves to 203.0.113.7, which is not this machine " +
        "(plain http only to this machine: 127.0.0.1, [::1] or localhost, for an emulator).",
    );
  });

  it("refuses a name that does not resolve: nothing shows it is this machine", async () => {
    const notFound = Object.assign(new Error("getaddrinfo ENOTFOUND bob.test"), { code: "ENOTFOUND" });
    const { error } = await ask(loopbackOnlyLookup(resolver(notFound)), true);
    expect((error as PlainHttpRefusal).reason).toBe("could not be resolved (ENOTFOUND)");
  });

  it("passes a resolver that did not answer (EAI_AGAIN) on as the network failure it is, to be retried", async () => {
    const again = Object.assign(new Error("getaddrinfo EAI_AGAIN bob.test"), { code: "EAI_AGAIN" });
    const { error } = await ask(loopbackOnlyLookup(resolver(again)), false);
    expect(error).toBe(again);
    expect(plainHttpRefusal(error)).toBeUndefined();
  });

  it("resolves localhost with the system's resolver", async () => {
    const answer = await new Promise<Answer>((resolve) => {
      loopbackOnlyLookup()("localhost", { all: true }, (error, address) => {
        resolve({ error, address });
      });
    });
    expect(answer.error).toBeNull();
    expect(answer.address).not.toEqual([]);
  });
});

describe("plainHttpRefusal", () => {
  it("finds the refusal behind the errors an HTTP client wraps it in", () => {
    const refusal = new PlainHttpRefusal("bob.test", "resolves to 192.0.2.1, which is not this machine");
    expect(plainHttpRefusal(new Error("request failed", { cause: refusal }))).toBe(refusal);
    expect(plainHttpRefusal(new Error("ECONNRESET"))).toBeUndefined();
  });
});

describe("plainHttpTransport", () => {
  it("gives plain http a guarded agent and no proxy, and https nothing", () => {
    expect(plainHttpTransport("https://api.hibob.com/v1")).toEqual({});
    const transport = plainHttpTransport("http://127.0.0.1:4010/v1");
    expect(transport).toMatchObject({ proxy: false });
    expect("httpAgent" in transport).toBe(true);
  });
});

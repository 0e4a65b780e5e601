import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { Agent } from "node:http";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Where a connector may send a credential: over https anywhere, over plain http only to this machine (an
 * emulator), since plain http shows the token to every hop on the way. "This machine" is decided by the address,
 * never by how the host is spelt: `127.attacker.example` is a name like any other.
 *
 * The decision is made in two places, because a config is validated synchronously and a name cannot be judged
 * without resolving it:
 * - `urlProblem`, in the config schemas: no user name or password inside a URL, and an http URL whose host is an
 *   IP address must be a loopback one (no lookup ever runs for an address, so this is the only check it gets);
 * - `plainHttpTransport`, in the HTTP clients: an http URL's host name is resolved by the socket's own lookup,
 *   and a connection to any address outside loopback fails before a byte is sent. Judging the address the socket
 *   is about to use, rather than a resolution made beforehand, leaves no window for a name that answers 127.0.0.1
 *   once and another address the next time. The clients turn that failure into a config error naming the field.
 */

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback (::ffff:127.0.0.1); false for anything that is not an address. */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return LOOPBACK.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** A URL's host without the brackets of an IPv6 address. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

const PLAIN_HTTP_RULE = "(plain http only to this machine: 127.0.0.1, [::1] or localhost, for an emulator)";

/**
 * What is wrong with a URL a credential will be sent to, or undefined. Phrased to follow the field's name
 * (`'api_url' must …`) and never quoting the URL, which may hold a password.
 */
export function urlProblem(value: string): string | undefined {
  // What is not a URL at all is the format check's to report.
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if (url.username !== "" || url.password !== "") {
    return (
      "must not hold a user name or password (the part before '@'): remove it from the URL and give the " +
      "credentials in their own settings"
    );
  }
  const host = bareHost(url);
  if (url.protocol === "http:" && isIP(host) !== 0 && !isLoopbackAddress(host)) {
    return `must use https: ${host} is not this machine ${PLAIN_HTTP_RULE}`;
  }
  return undefined;
}

/** A plain-http connection refused because its host is, or may be, another machine. */
export class PlainHttpRefusal extends Error {
  readonly code = "ERR_PLAIN_HTTP_NOT_LOOPBACK";

  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`plain http to ${host} refused: ${reason}`);
    this.name = "PlainHttpRefusal";
  }

  /** The config problem, for the field that holds the URL. */
  problemFor(field: string): string {
    return `'${field}' must use https: ${this.host} ${this.reason} ${PLAIN_HTTP_RULE}.`;
  }
}

/** The refusal behind a failed request (HTTP clients wrap a socket's error as their own `cause`). */
export function plainHttpRefusal(error: unknown): PlainHttpRefusal | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof PlainHttpRefusal) return current;
    current = current.cause;
  }
  return undefined;
}

function addressesOf(address: string | LookupAddress[], family: number | undefined): LookupAddress[] {
  return typeof address === "string" ? [{ address, family: family ?? isIP(address) }] : address;
}

/**
 * A lookup (node's `dns.lookup` signature) that answers only loopback addresses. A name with any other address,
 * or one that does not resolve (nothing shows it is this machine), fails with a PlainHttpRefusal.
 */
export function loopbackOnlyLookup(resolve: LookupFunction = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, address, family) => {
      // A resolver that did not answer in time says nothing about the host: the error goes on as it came, a
      // network failure the client retries, not a config error.
      if (error !== null && error.code === "EAI_AGAIN") {
        callback(error, "");
        return;
      }
      if (error !== null) {
        callback(
          new PlainHttpRefusal(hostname, `could not be resolved (${error.code ?? error.message})`),
          "",
        );
        return;
      }
      const addresses = addressesOf(address, family);
      const outside = addresses.find((entry) => !isLoopbackAddress(entry.address));
      const [first] = addresses;
      if (outside !== undefined || first === undefined) {
        const why = outside === undefined ? "has no address" : `resolves to ${outside.address}`;
        callback(new PlainHttpRefusal(hostname, `${why}, which is not this machine`), "");
        return;
      }
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * What an HTTP client (axios) needs to talk to `baseUrl` safely: for plain http, an agent whose connections
 * resolve through `loopbackOnlyLookup`, and no proxy (one would see the token in clear, and a loopback target
 * needs none). Https needs nothing.
 */
export function plainHttpTransport(
  baseUrl: string,
  resolve?: LookupFunction,
): { readonly httpAgent: Agent; readonly proxy: false } | Record<string, never> {
  if (!URL.canParse(baseUrl) || new URL(baseUrl).protocol !== "http:") return {};
  return { httpAgent: new Agent({ keepAlive: true, lookup: loopbackOnlyLookup(resolve) }), proxy: false };
}

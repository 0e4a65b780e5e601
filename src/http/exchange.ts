import { isAxiosError } from "axios";
import { ConfigError, plainHttpRefusal } from "../protocol/index.js";
import type { HeaderBag } from "./headers.js";

/** One exchange as an edge hands it to the retry loop: an `Outcome` with what the caller needs of it. */
export type Exchange<R> =
  | {
      readonly kind: "answer";
      readonly status: number;
      readonly headers: HeaderBag;
      readonly response: R;
      /** A short excerpt of the body, for the engineer reading a failure's internal message. */
      readonly detail: string;
    }
  | { readonly kind: "network"; readonly code: string | undefined; readonly cause: Error }
  | { readonly kind: "unreadable"; readonly problem: string };

/**
 * The exchange behind a request that threw. Every status is accepted by the edges, so axios throws only when
 * the exchange itself broke. The error is described without the request config, which carries the
 * Authorization header. Plain http to another machine is refused before a byte is sent: a config error naming
 * the URL field (see protocol/url-safety.ts).
 */
export function failedExchange(error: unknown, urlField: string): Exchange<never> {
  const refusal = plainHttpRefusal(error);
  if (refusal !== undefined) throw new ConfigError(refusal.problemFor(urlField), { cause: refusal });
  const code = isAxiosError(error) ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return { kind: "network", code, cause: new Error(`${code ?? "network error"}: ${message}`) };
}

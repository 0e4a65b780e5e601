// What a /v1 handler receives, and helpers every handler shares.

import type { IncomingHttpHeaders } from "node:http";
import { createHash } from "node:crypto";
import { isActive, lifecycleStatus } from "../employee.js";
import type { Reply } from "../http.js";
import type { Employee } from "../model.js";
import { orgIndex } from "../org.js";
import type { ServiceUser } from "../permissions.js";
import { inScope } from "../permissions.js";
import type { EmulatorState } from "../state.js";
import type { RenderContext } from "../view.js";

export interface Call {
  state: EmulatorState;
  user: ServiceUser;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there is none. */
  body: unknown;
  /** Wall clock (ms), from the injectable clock. */
  nowMs: number;
}

export type Handler = (call: Call) => Reply;

/** "Access data for": whether this service user can see the employee at all. */
export function inScopeFor(call: Call, e: Employee): boolean {
  const today = call.state.company.today;
  return inScope(call.user, lifecycleStatus(e, today), isActive(e, today));
}

export function renderContext(call: Call): RenderContext {
  const seq = ++call.state.requestSeq;
  const expires = Math.floor(call.nowMs / 1000) + 3600;
  const signature = createHash("sha256")
    .update(`${String(call.state.company.seed)}:${String(seq)}`)
    .digest("hex");
  return {
    company: call.state.company,
    org: orgIndex(call.state.company),
    signature: `${String(expires)}${signature.slice(0, 24)}`,
  };
}

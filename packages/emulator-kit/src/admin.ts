import { z } from "zod";
import type { EmulatorControls } from "./controls.js";
import type { EmulatorRequest, EmulatorResponse } from "./exchange.js";
import { emptyResponse, jsonResponse } from "./exchange.js";
import { parseFaultSchedule } from "./faults.js";
import { parseJson } from "./json.js";
import { latencyBodySchema } from "./latency.js";
import { rateLimitSchema } from "./rate-limit.js";

/** Admin routes live outside every API base path, so clients under test never reach them by accident. */
export const ADMIN_PREFIX = "/_emulator";

export interface AdminHooks {
  /** Everything the emulator holds, as JSON (users and groups, learners and assignments…). */
  snapshot(): unknown;
  /** Forget all data; faults, rate-limit bucket and counters are cleared by the admin layer itself. */
  resetData(): void;
}

const rateLimitBody = z.union([rateLimitSchema, z.object({ requestsPerSecond: z.null() }).strict()]);

/**
 * GET|PUT|POST|DELETE /_emulator/faults · GET|PUT /_emulator/rate-limit · GET|PUT /_emulator/latency ·
 * GET|DELETE /_emulator/requests · GET /_emulator/snapshot · POST /_emulator/reset. `request.path` is the path below ADMIN_PREFIX.
 */
export function handleAdmin(
  request: EmulatorRequest,
  controls: EmulatorControls,
  hooks: AdminHooks,
): EmulatorResponse {
  const route = `${request.method.toUpperCase()} ${request.path}`;
  try {
    switch (route) {
      case "GET /faults":
        return jsonResponse(200, { faults: controls.faults() });
      case "PUT /faults":
        controls.setFaults(parseFaultSchedule(body(request)));
        return jsonResponse(200, { faults: controls.faults() });
      case "POST /faults":
        controls.addFaults(parseFaultSchedule(body(request)));
        return jsonResponse(200, { faults: controls.faults() });
      case "DELETE /faults":
        controls.setFaults([]);
        return emptyResponse(204);
      case "GET /rate-limit":
        return jsonResponse(200, { rateLimit: controls.rateLimit() ?? null });
      case "PUT /rate-limit": {
        const parsed = rateLimitBody.safeParse(body(request));
        if (!parsed.success) return adminError(400, `invalid rate limit: ${z.prettifyError(parsed.error)}`);
        const limit = parsed.data;
        controls.setRateLimit(
          limit.requestsPerSecond === null
            ? undefined
            : { requestsPerSecond: limit.requestsPerSecond, ...burstOf(limit) },
        );
        return jsonResponse(200, { rateLimit: controls.rateLimit() ?? null });
      }
      case "GET /latency":
        return jsonResponse(200, { latencyMs: controls.latency() });
      case "PUT /latency": {
        const parsed = latencyBodySchema.safeParse(body(request));
        if (!parsed.success) return adminError(400, `invalid latency: ${z.prettifyError(parsed.error)}`);
        controls.setLatency(parsed.data.latencyMs);
        return jsonResponse(200, { latencyMs: controls.latency() });
      }
      case "GET /requests":
        return jsonResponse(200, controls.requests());
      case "DELETE /requests":
        controls.resetRequests();
        return emptyResponse(204);
      case "GET /snapshot":
        return jsonResponse(200, hooks.snapshot());
      case "POST /reset":
        hooks.resetData();
        controls.setFaults([]);
        controls.setRateLimit(controls.rateLimit());
        controls.resetRequests();
        return emptyResponse(204);
      default:
        return adminError(404, `no admin route ${route}`);
    }
  } catch (error) {
    return adminError(400, error instanceof Error ? error.message : String(error));
  }
}

function body(request: EmulatorRequest): unknown {
  const parsed = parseJson(request.body);
  if (!parsed.ok) throw new Error(`request body is not JSON: ${parsed.error}`);
  return parsed.value;
}

function burstOf(limit: { burst?: number | undefined }): { burst?: number } {
  return limit.burst === undefined ? {} : { burst: limit.burst };
}

function adminError(status: number, message: string): EmulatorResponse {
  return jsonResponse(status, { error: message });
}

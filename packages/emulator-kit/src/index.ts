export { ADMIN_PREFIX, handleAdmin } from "./admin.js";
export type { AdminHooks } from "./admin.js";
export { manualClock, systemClock } from "./clock.js";
export type { Clock, ManualClock } from "./clock.js";
export { createControls, emulatorHandle } from "./controls.js";
export type { Admission, ControlsOptions, EmulatorControls, EmulatorHandle } from "./controls.js";
export { createRequestCounter, routeKey } from "./counters.js";
export type { RequestCounter, RequestCounts } from "./counters.js";
export { bearerToken, emptyResponse, jsonResponse } from "./exchange.js";
export type { ApiHandler, EmulatorRequest, EmulatorResponse } from "./exchange.js";
export {
  drawFault,
  FAULT_KINDS,
  faultMatches,
  faultScheduleSchema,
  faultSpecSchema,
  parseFaultSchedule,
} from "./faults.js";
export type { FaultDraw, FaultKind, FaultSpec, FaultTarget } from "./faults.js";
export { latencyBodySchema, latencySchema } from "./latency.js";
export { bucketCapacity, rateLimitSchema, retryAfterSeconds, takeToken } from "./rate-limit.js";
export type { Bucket, RateDecision, RateLimit } from "./rate-limit.js";
export { mulberry32, seededFaultSchedule } from "./seeded-faults.js";
export type { SeededFaultOptions } from "./seeded-faults.js";
export { startEmulatorServer } from "./server.js";
export type { EmulatorServer, EmulatorServerOptions, ErrorResponder } from "./server.js";
export { isJsonObject, parseJson, toJson } from "./json.js";
export type { JsonObject, JsonPrimitive, JsonValue, ParsedJson } from "./json.js";

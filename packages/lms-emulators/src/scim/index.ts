export { startScimEmulator } from "./server.js";
export type { ScimEmulator, ScimEmulatorOptions, ScimGroupsHandle, ScimUsersHandle } from "./server.js";
export type { ScimMode } from "./context.js";
export {
  ENTERPRISE_USER_SCHEMA,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  LIST_RESPONSE_SCHEMA,
  USER_SCHEMA,
} from "./scimmy.js";
export { SCIM_CONTENT_TYPE } from "./errors.js";
export type { ScimType } from "./errors.js";
export type { FaultKind, FaultSpec } from "@hibob-learners/emulator-kit";
export type { RateLimit } from "@hibob-learners/emulator-kit";
export type { RequestCounts } from "@hibob-learners/emulator-kit";

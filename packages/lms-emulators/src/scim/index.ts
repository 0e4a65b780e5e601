export { startScimEmulator } from "./server.js";
export type { ScimEmulator, ScimEmulatorOptions, ScimGroupsHandle, ScimUsersHandle } from "./server.js";
export type { ScimMode } from "./context.js";
export type { PatchOpName, ScimCapabilities, ScimCapabilityOptions } from "./capabilities.js";
export { complexPatchBug, djangoScim2Default, noGroups, noPatch, SCIM_PROFILES } from "./profiles.js";
export type { ScimProfileName } from "./profiles.js";
export { NOT_IMPLEMENTED, SERVER_EXCEPTION } from "./patch-support.js";
export { requestTally } from "./request-tally.js";
export type { ReadsAndWrites, RequestTally } from "./request-tally.js";
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

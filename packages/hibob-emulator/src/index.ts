// Public surface of the HiBob emulator: start it in-process, talk to it over HTTP, stop it.

export type { HibobEmulator } from "./emulator.js";
export { startHibobEmulator } from "./emulator.js";
export type { EmulatorOptions, EmulatorState } from "./state.js";
export { DEFAULT_SERVICE_USER } from "./state.js";
export type { ServiceUserOptions, ScopeOptions } from "./permissions.js";
export { ALL_PERMISSIONS, CATEGORIES, TIME_OFF_PERMISSION } from "./permissions.js";
export type { FaultKind, FaultRule, ActiveFault } from "./faults.js";
export { FAULT_KINDS } from "./faults.js";
export type { EndpointKey } from "./rate-limit.js";
export { DEFAULT_RATE_LIMITS, ENDPOINTS } from "./rate-limit.js";
export type { FirewallOptions } from "./firewall.js";
export type { DayOptions, DaySummary } from "./day.js";
export type { Company, Employee } from "./model.js";
export { generateCompany, MAX_EMPLOYEES } from "./generator.js";
export { basicAuthHeader } from "./http.js";
export { integer, runEmulate } from "./cli.js";
// Changes to one person or one request in-process, beside the admin API's, for tests that need an exact case.
export { deleteEmployee, hireEmployee, startLeave, terminateEmployee } from "./day.js";
export { currentRow, lifecycleStatus } from "./employee.js";
export { resolveServiceUser } from "./permissions.js";
export { changeTimeOffRequest, openRequestsBefore } from "./timeoff-events.js";
export { businessNowMs } from "./timeoff.js";
export { addDays } from "./dates.js";
export { createRandom } from "./prng.js";
// The emulator's own model of the company, which tests read as an oracle independent of the source.
export type { LifecycleRow, RowMeta } from "./model.js";
export { FIELDS } from "./fields.js";
export { allNamedLists, listLabel, type ListItem } from "./named-lists.js";
export { SITES, TIME_OFF_POLICIES } from "./vocabulary.js";

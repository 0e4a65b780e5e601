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
export { runEmulate } from "./cli.js";

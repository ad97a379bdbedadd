export { createMockDriver, mockDriverVersion } from "./driver.js";
export type { MockDriverOptions, RemoteMockDriverOptions } from "./driver.js";
export { RemoteWorldGate } from "./remote-gate.js";
export type { WorldGate } from "./remote-gate.js";
export { mockCapabilities } from "./capabilities.js";
export { mockApiNames } from "./api-names.js";
export type { MockApiName } from "./api-names.js";
export { toBaristaError } from "./errors.js";
export { vmStatusByState, vmStatusOf } from "./vm-status.js";

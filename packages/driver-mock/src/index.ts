export { createMockDriver, mockDriverVersion } from "./driver.js";
export type { MockDriverOptions, RemoteMockDriverOptions } from "./driver.js";

export { emulatedConnection } from "./emulated-connection.js";
export type { EmulatedConnection, EmulatedConnectionOptions } from "./emulated-connection.js";
export { worldControl } from "./world-control.js";
export { liveVms, vmBasics, vmRequest, withNetwork } from "./vm-network.js";

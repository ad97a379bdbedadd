export { emulatedConnection } from "./emulated-connection.js";
export type { EmulatedConnection, EmulatedConnectionOptions } from "./emulated-connection.js";
export { worldControl } from "./world-control.js";
export { liveVms, vmBasics, vmRequest, withNetwork } from "./vm-network.js";
export { clusterScenario } from "./cluster-scenario.js";
export type { ClusterScenarioOptions } from "./cluster-scenario.js";
export { kubectl, readyNodes, serverVersion } from "./kubectl.js";
export { directCluster, directConnection } from "./direct-connection.js";
export type { DirectCluster } from "./direct-connection.js";

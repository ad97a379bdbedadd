export { startOpenStackFront } from "./front.js";
export type { OpenStackFrontOptions, RunningOpenStackFront } from "./front.js";
export { networkTagKey } from "./neutron/security-groups.js";
export { minMicroversion, maxMicroversion } from "./nova/microversion.js";

export { startOpenStackFront } from "./front.js";
export type { OpenStackFrontOptions, RunningOpenStackFront } from "./front.js";
export { minMicroversion, maxMicroversionOf } from "./nova/microversion.js";
export { openStackDeployments } from "./deployment.js";
export type { OpenStackDeployment, OpenStackDeploymentName } from "./deployment.js";

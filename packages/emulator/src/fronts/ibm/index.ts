export { startIbmFront } from "./front.js";
export type { IbmFrontOptions, RunningIbmFront } from "./front.js";

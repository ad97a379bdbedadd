export { startGcpFront } from "./front.js";
export type { GcpFrontOptions } from "./front.js";

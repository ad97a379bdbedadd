export { startTencentFront } from "./front.js";
export type { TencentFrontOptions } from "./front.js";
export { tencentActions } from "./registrations.js";
export { canonicalRequest, stringToSign, tc3Signature } from "./tc3.js";
export type { RunningFront } from "../http-front.js";

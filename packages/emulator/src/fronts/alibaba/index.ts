export { startAlibabaFront } from "./front.js";
export type { AlibabaFrontOptions } from "./front.js";
export { alibabaActions } from "./registrations.js";
export { percentEncode, signV1, stringToSign } from "./signature.js";
export type { RunningFront } from "../http-front.js";

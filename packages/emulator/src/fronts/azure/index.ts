export { startAzureFront } from "./front.js";
export type { AzureFrontOptions, RunningAzureFront } from "./front.js";
export { selfSignedCertificate } from "../self-signed.js";
export type { SelfSignedCertificate } from "../self-signed.js";

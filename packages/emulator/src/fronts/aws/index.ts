export { startAwsFront } from "./front.js";
export type { AwsFrontOptions, AwsFrontService } from "./front.js";
export type { RunningFront } from "../http-front.js";
export { ec2Actions, ec2Namespace, ec2Version } from "./ec2/service.js";
export { elbActions, elbNamespace, elbVersion } from "./elbv2/service.js";
export { pricingTargetPrefix } from "./pricing/service.js";

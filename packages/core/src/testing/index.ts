export { describeDriverConformance } from "./conformance.js";
export type { ConformanceContext, ConformanceOptions } from "./conformance.js";
export type { ConformanceTarget } from "./conformance-target.js";
export type { ConformanceApis } from "./conformance-behaviour.js";
export { describeStoreConformance } from "./store-suite.js";
export type { StoreConformanceOptions } from "./store-suite.js";
export type { CloudControl, HeldCall, InjectedFault, InjectedFaultKind } from "./cloud-control.js";
export { testCallContext } from "./call-context.js";
export type { TestCallContext } from "./call-context.js";

export { describeDriverConformance } from "./conformance.js";
export type { ConformanceContext, ConformanceOptions, ConformanceTarget } from "./conformance.js";

export { startJsonLineChild } from "./json-line-child.js";
export type { JsonLineChild, JsonLineChildOptions } from "./json-line-child.js";
export { until } from "./until.js";

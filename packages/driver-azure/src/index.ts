export { createAzureDriver, azureDriverVersion } from "./driver.js";
export type { AzureDriverOptions } from "./driver.js";
export { resourceGroupOf } from "./resource-group.js";

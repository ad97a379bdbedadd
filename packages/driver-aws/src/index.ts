export { createAwsDriver, awsDriverVersion, defaultImageOwners } from "./driver.js";
export type { AwsDriverOptions } from "./driver.js";
export { awsVendorClients } from "./vendor-clients.js";
export type { AwsVendorClients } from "./vendor-clients.js";

export { createGcpDriver, gcpDriverVersion } from "./driver.js";
export type { GcpDriverOptions } from "./driver.js";
export { defaultImageProjects } from "./handlers/image.js";
export { gcpVendorClients } from "./vendor-client.js";
export type { GcpVendorClients } from "./vendor-client.js";

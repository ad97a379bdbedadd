export { createOpenStackDriver, openStackDriverVersion } from "./driver.js";
export type { OpenStackDriverOptions } from "./driver.js";
export type { FlavorPrice } from "./handlers/catalog.js";
export { openStackCredentialKeys } from "./credentials.js";
export { openStackVendorClient } from "./vendor-client.js";
export type { OpenStackVendorClient } from "./vendor-client.js";

export { createOpenStackDriver, openStackDriverVersion } from "./driver.js";
export type { OpenStackDriverOptions } from "./driver.js";
export type { FlavorPrice } from "./handlers/catalog.js";
export { openStackCredentialKeys } from "./credentials.js";

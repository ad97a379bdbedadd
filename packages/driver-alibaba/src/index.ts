export { createAlibabaDriver, alibabaDriverVersion } from "./driver.js";
export type { AlibabaDriverOptions } from "./driver.js";
export { alibabaVendorClients } from "./vendor-client.js";
export type { AlibabaVendorClients } from "./vendor-client.js";

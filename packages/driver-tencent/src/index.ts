export { createTencentDriver, tencentDriverVersion } from "./driver.js";
export type { TencentDriverOptions } from "./driver.js";
export { tencentVendorClients } from "./vendor-client.js";
export type { TencentVendorClients } from "./vendor-client.js";

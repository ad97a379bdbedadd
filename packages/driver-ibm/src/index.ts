export { createIbmDriver, ibmDriverVersion } from "./driver.js";
export type { IbmDriverOptions } from "./driver.js";
export { ibmVendorClient } from "./vendor-client.js";
export type { IbmVendorClient } from "./vendor-client.js";
export { ibmApis } from "./apis.js";
export type { IbmApi } from "./apis.js";

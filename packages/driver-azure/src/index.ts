export { createAzureDriver, azureDriverVersion } from "./driver.js";
export type { AzureDriverOptions } from "./driver.js";
export { resourceGroupOf } from "./resource-group.js";
export { defaultImageOffers } from "./handlers/image.js";
export type { ImageOffer } from "./handlers/image.js";
export { azureVendorClients } from "./vendor-client.js";
export type { AzureVendorClients } from "./vendor-client.js";

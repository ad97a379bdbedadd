import { alibabaCatalog } from "./alibaba.js";
import { awsCatalog } from "./aws.js";
import { azureCatalog } from "./azure.js";
import { gcpCatalog } from "./gcp.js";
import { ibmCatalog } from "./ibm.js";
import { mockCatalog } from "./mock.js";
import { openstackCatalog } from "./openstack.js";
import { tencentCatalog } from "./tencent.js";
import type { ProviderCatalog } from "./types.js";

/** The built-in catalogs, one per provider. */
export const defaultCatalogs: readonly ProviderCatalog[] = [
  awsCatalog,
  azureCatalog,
  gcpCatalog,
  alibabaCatalog,
  tencentCatalog,
  ibmCatalog,
  openstackCatalog,
  mockCatalog,
];

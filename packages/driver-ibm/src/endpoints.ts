import type { IbmService } from "./apis.js";

/** IBM's public endpoints; the VPC API's has one host per region. */
export const defaultEndpoints: Readonly<Record<IbmService, string>> = {
  iam: "https://iam.cloud.ibm.com",
  vpc: "https://{region}.iaas.cloud.ibm.com",
  catalog: "https://globalcatalog.cloud.ibm.com",
  tagging: "https://tags.global-search-tagging.cloud.ibm.com",
  containers: "https://containers.cloud.ibm.com",
};

// The path each service's operations start with (the routes carry it): a root given with it
// ("https://us-south.iaas.cloud.ibm.com/v1", ".../api/v1") means the same root.
const versionSuffix: Readonly<Record<IbmService, RegExp>> = {
  iam: /\/identity(\/token)?$/,
  vpc: /\/v1$/,
  catalog: /\/api(\/v1)?$/,
  tagging: /\/v3(\/tags)?$/,
  containers: /\/global$/,
};

/**
 * The root of each service for a region: the connection's override, else the driver's option,
 * else IBM's. A VPC root may hold "{region}" (a template); the region fills it in.
 */
export function serviceRoots(
  region: string,
  ...sources: readonly Partial<Record<IbmService, string>>[]
): Record<IbmService, string> {
  const pick = (service: IbmService): string => {
    const url = sources.map((s) => s[service]).find((u) => u !== undefined) ?? defaultEndpoints[service];
    return url
      .replaceAll("{region}", region)
      .replaceAll("%7Bregion%7D", region)
      .replace(/\/+$/, "")
      .replace(versionSuffix[service], "");
  };
  return {
    iam: pick("iam"),
    vpc: pick("vpc"),
    catalog: pick("catalog"),
    tagging: pick("tagging"),
    containers: pick("containers"),
  };
}

import { badRequest } from "./errors.js";

// Compute Engine takes references to other resources as full URLs
// ("https://www.googleapis.com/compute/v1/projects/p/global/networks/n"), as project-relative
// names ("projects/p/global/networks/n") or as scope-relative ones ("global/networks/n").

export interface ResourceRef {
  project: string | undefined;
  /** "global/networks/n" or "regions/r/subnetworks/s" or "zones/z/instances/i". */
  path: string;
  /** The last segment. */
  name: string;
  /** "networks", "subnetworks", ... */
  collection: string;
  /** The region or zone of a regional or zonal reference. */
  scope?: string;
}

/** Parses a reference to a resource of `collection`; 400 when it names another or is malformed. */
export function parseRef(value: string, collection: string, field: string): ResourceRef {
  const text = value.replace(/^https?:\/\/[^/]+\/compute\/(?:v1|beta|alpha)\//, "");
  const match = /^(?:projects\/([^/]+)\/)?((?:global|(?:regions|zones)\/([^/]+))\/([^/]+)\/([^/]+))$/.exec(text);
  if (!match || match[4] !== collection) {
    throw badRequest(`Invalid value for field '${field}': '${value}'. The URL is malformed.`);
  }
  return {
    project: match[1],
    path: match[2] ?? "",
    collection,
    name: match[5] ?? "",
    ...(match[3] === undefined ? {} : { scope: match[3] }),
  };
}

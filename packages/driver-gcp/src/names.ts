import { invalid } from "./errors.js";

const rfc1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Refuses a name Compute Engine would (RFC 1035, lower case, at most 63 characters), before any call. */
export function checkName(name: string, field = "name"): string {
  if (!rfc1035.test(name)) {
    throw invalid(
      field,
      "gcp-name",
      `"${name}" is not a Compute Engine name: 1-63 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen`,
    );
  }
  return name;
}

/** The last segment of a resource URL or partial path ("…/zones/us-central1-a" → "us-central1-a"). */
export function lastSegment(url: string | null | undefined): string {
  return (url ?? "").split("/").pop() ?? "";
}

import type { FrontRequest, FrontResponse } from "../../http-front.js";
import { FrontError, json } from "../http.js";

// Magnum's one API, v1, with microversions 1.1 to 1.11 negotiated with
// `OpenStack-API-Version: container-infra 1.x` and echoed (with the range) on every answer
// (magnum/api/controllers/versions.py). Node groups need 1.9, resize 1.7, upgrade 1.8.

export type MagnumVersion = readonly [number, number];

export const magnumMinVersion: MagnumVersion = [1, 1];
export const magnumMaxVersion: MagnumVersion = [1, 11];

const format = (v: MagnumVersion): string => `${v[0]}.${v[1]}`;

export function compareVersions(a: MagnumVersion, b: MagnumVersion): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Whether the negotiated version is at least `major.minor`. */
export function atLeast(version: MagnumVersion, major: number, minor: number): boolean {
  return compareVersions(version, [major, minor]) >= 0;
}

/** The headers Magnum sends with every v1 answer, refusals included. */
export function versionHeaders(version: MagnumVersion): Record<string, string> {
  return {
    "openstack-api-minimum-version": `container-infra ${format(magnumMinVersion)}`,
    "openstack-api-maximum-version": `container-infra ${format(magnumMaxVersion)}`,
    "openstack-api-version": `container-infra ${format(version)}`,
    vary: "OpenStack-API-Version",
  };
}

/**
 * The version a request asks for: the entry naming "container-infra", "latest" for the maximum,
 * the minimum without one. A malformed version is a 400, one outside the range a 406.
 */
export function negotiateMagnumVersion(request: FrontRequest): MagnumVersion {
  const header = request.headers["openstack-api-version"];
  if (typeof header !== "string") return magnumMinVersion;
  const entry = header.split(",").find((part) => /^\s*container-infra\s/i.test(part));
  if (entry === undefined) return magnumMinVersion;
  const asked = entry.trim().split(/\s+/)[1] ?? "";
  if (asked.toLowerCase() === "latest") return magnumMaxVersion;
  const parsed = /^(\d+)\.(\d+)$/.exec(asked);
  if (!parsed) throw new FrontError(400, `Invalid value for OpenStack-API-Version header: ${asked}`);
  const version: MagnumVersion = [Number(parsed[1]), Number(parsed[2])];
  if (compareVersions(version, magnumMinVersion) < 0 || compareVersions(version, magnumMaxVersion) > 0) {
    throw new FrontError(
      406,
      `Version ${asked} was requested but the minor version is not supported by this service. ` +
        `The supported version range is: [${format(magnumMinVersion)}, ${format(magnumMaxVersion)}].`,
    );
  }
  return version;
}

/** A route newer than the negotiated version: Magnum's 406 for a versioned method. */
export function requireVersion(version: MagnumVersion, major: number, minor: number): void {
  if (!atLeast(version, major, minor))
    throw new FrontError(406, `The requested version (${format(version)}) does not support this method.`);
}

function v1Document(serviceUrl: string): Record<string, unknown> {
  return {
    id: "v1",
    status: "CURRENT",
    min_version: format(magnumMinVersion),
    max_version: format(magnumMaxVersion),
    links: [{ href: `${serviceUrl}/v1/`, rel: "self" }],
  };
}

/** GET / and GET /v1 answer without a token, as Magnum's root controller does. */
export function magnumRootAnswer(request: FrontRequest, rest: string, serviceUrl: string): FrontResponse | undefined {
  if (request.method !== "GET") return undefined;
  if (rest === "/" || rest === "")
    return json(200, {
      name: "OpenStack Magnum API",
      description: "Magnum is an OpenStack project which aims to provide container cluster management.",
      versions: [v1Document(serviceUrl)],
    });
  if (rest === "/v1" || rest === "/v1/")
    return json(
      200,
      {
        id: "v1",
        media_types: [{ base: "application/json", type: "application/vnd.openstack.magnum.v1+json" }],
        links: [{ href: `${serviceUrl}/v1/`, rel: "self" }],
        clustertemplates: [{ href: `${serviceUrl}/v1/clustertemplates/`, rel: "self" }],
        clusters: [{ href: `${serviceUrl}/v1/clusters/`, rel: "self" }],
        certificates: [{ href: `${serviceUrl}/v1/certificates/`, rel: "self" }],
      },
      versionHeaders(magnumMinVersion),
    );
  return undefined;
}

import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { OpenStackDeployment } from "./deployment.js";
import { FrontError, json } from "./http.js";
import { webobNotFound } from "./webob.js";

// Cinder's API versions: one API, v3, with microversions from 3.0 to the release's maximum,
// negotiated with `OpenStack-API-Version: volume 3.x` and echoed on every v3 response; a version
// document at the root (300) and at /v3/ (200). The v1 and v2 APIs are gone: their paths fall
// through to the root app, which knows no such route.

export type Microversion = readonly [number, number];

export const cinderMinMicroversion: Microversion = [3, 0];

const format = (v: Microversion): string => `${v[0]}.${v[1]}`;

export function compareMicroversions(a: Microversion, b: Microversion): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function cinderMaxMicroversionOf(deployment: OpenStackDeployment): Microversion {
  const [major = "3", minor = "0"] = deployment.cinderMaxMicroversion.split(".");
  return [Number(major), Number(minor)];
}

/** Whether the negotiated version is at least `major.minor`. */
export function atLeast(version: Microversion, major: number, minor: number): boolean {
  return compareMicroversions(version, [major, minor]) >= 0;
}

export interface VolumeVersionNegotiation {
  /** The version to serve; absent when `error` refuses the request. */
  version?: Microversion;
  /** Headers every answer carries, the refusal included. */
  headers: Record<string, string>;
  error?: FrontError;
}

const versionHeaders = (version: string): Record<string, string> => ({
  "openstack-api-version": `volume ${version}`,
  vary: "OpenStack-API-Version",
});

/**
 * The microversion a v3 request asks for, as cinder.api.openstack.wsgi reads it: the first
 * comma-separated entry naming "volume", "latest" for the maximum, 3.0 without the header. A
 * malformed version is a 400, one outside the range a 406 (which still echoes it).
 */
export function negotiateVolumeVersion(
  request: FrontRequest,
  deployment: OpenStackDeployment,
): VolumeVersionNegotiation {
  const max = cinderMaxMicroversionOf(deployment);
  const header = request.headers["openstack-api-version"];
  if (typeof header !== "string") return { version: cinderMinMicroversion, headers: versionHeaders("3.0") };
  const entry = header.split(",").find((part) => part.includes("volume"));
  if (entry === undefined) {
    // VersionNotFoundForAPIMethod escapes to the fault wrapper, which hides its message.
    const hidden =
      "The server could not comply with the request since\r\nit is either malformed or otherwise incorrect.\r\n";
    return { headers: {}, error: new FrontError(400, hidden) };
  }
  const asked = entry.trim().split(/\s+/)[1] ?? "";
  if (asked === "latest") return { version: max, headers: versionHeaders(format(max)) };
  const parsed = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(asked);
  if (!parsed) {
    const message = `API Version String ${asked} is of invalid format. Must be of format MajorNum.MinorNum.`;
    return { headers: {}, error: new FrontError(400, message) };
  }
  const version: Microversion = [Number(parsed[1]), Number(parsed[2])];
  const headers = versionHeaders(format(version));
  if (compareMicroversions(version, cinderMinMicroversion) < 0 || compareMicroversions(version, max) > 0) {
    const message = `Version ${format(version)} is not supported by the API. Minimum is ${format(cinderMinMicroversion)} and maximum is ${format(max)}.`;
    return { headers, error: new FrontError(406, message) };
  }
  return { version, headers };
}

/** When each release last changed its microversions (api_version_request.UPDATED), by maximum. */
const updatedByMax: readonly [Microversion, string][] = [
  [[3, 71], "2023-08-31T00:00:00Z"],
  [[3, 70], "2022-08-31T00:00:00Z"],
  [[3, 50], "2017-09-19T20:18:14Z"],
];

function versionDocument(deployment: OpenStackDeployment, serviceUrl: string): Record<string, unknown> {
  const max = cinderMaxMicroversionOf(deployment);
  const updated =
    updatedByMax.find(([v]) => compareMicroversions(max, v) >= 0)?.[1] ?? updatedByMax[updatedByMax.length - 1]?.[1];
  return {
    id: "v3.0",
    status: "CURRENT",
    version: format(max),
    min_version: format(cinderMinMicroversion),
    updated,
    links: [
      { rel: "describedby", type: "text/html", href: "https://docs.openstack.org/" },
      { rel: "self", href: `${serviceUrl}/v3/` },
    ],
    "media-types": [{ base: "application/json", type: "application/vnd.openstack.volume+json;version=3" }],
  };
}

/**
 * What Cinder's root app answers without a token: the version list at "/" (300 Multiple Choices)
 * and webob's 404 for any other path outside /v3 (the removed v1 and v2 APIs included). Undefined
 * for /v3 paths, which the API serves after authentication.
 */
export function volumeRootAnswer(
  request: FrontRequest,
  rest: string,
  deployment: OpenStackDeployment,
  serviceUrl: string,
): FrontResponse | undefined {
  if (rest === "/v3" || rest.startsWith("/v3/")) return undefined;
  if (rest !== "/") return webobNotFound(request);
  if (request.method !== "GET" && request.method !== "HEAD")
    throw new FrontError(405, "The method is not allowed for the requested URL.");
  return json(300, { versions: [versionDocument(deployment, serviceUrl)] });
}

/** GET /v3/: the v3 version document (behind authentication, as the v3 pipeline is). */
export function volumeV3Document(deployment: OpenStackDeployment, serviceUrl: string): Record<string, unknown> {
  return { versions: [versionDocument(deployment, serviceUrl)] };
}

import type { OpenStackDeployment } from "../deployment.js";
import { FrontError } from "../http.js";
import type { FrontRequest } from "../../http-front.js";

/** The lowest Nova microversion; the highest is the deployment's. */
export const minMicroversion: readonly [number, number] = [2, 1];

/** The highest microversion a deployment speaks. */
export function maxMicroversionOf(deployment: OpenStackDeployment): readonly [number, number] {
  const [major = "2", minor = "1"] = deployment.novaMaxMicroversion.split(".");
  return [Number(major), Number(minor)];
}

const format = (v: readonly [number, number]): string => `${v[0]}.${v[1]}`;

/**
 * The microversion a request asks for (`OpenStack-API-Version: compute 2.79` or the older
 * `X-OpenStack-Nova-API-Version: 2.79`); the minimum when absent, the maximum for "latest". A
 * version outside the range is a 406, as Nova answers.
 */
export function negotiate(request: FrontRequest, deployment: OpenStackDeployment): readonly [number, number] {
  const maxMicroversion = maxMicroversionOf(deployment);
  const modern = request.headers["openstack-api-version"];
  const legacy = request.headers["x-openstack-nova-api-version"];
  let asked: string | undefined;
  if (typeof modern === "string") {
    const match = /(?:^|,)\s*compute\s+([^,\s]+)/i.exec(modern);
    asked = match?.[1];
  }
  if (asked === undefined && typeof legacy === "string") asked = legacy.trim();
  if (asked === undefined) return minMicroversion;
  if (asked.toLowerCase() === "latest") return maxMicroversion;
  const parsed = /^(\d+)\.(\d+)$/.exec(asked);
  if (!parsed) throw new FrontError(400, `Invalid API version request: ${asked}`);
  const version: [number, number] = [Number(parsed[1]), Number(parsed[2])];
  if (compare(version, minMicroversion) < 0 || compare(version, maxMicroversion) > 0) {
    throw new FrontError(
      406,
      `Version ${asked} is not supported by the API. Minimum is ${format(minMicroversion)} and maximum is ${format(maxMicroversion)}.`,
    );
  }
  return version;
}

export function compare(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/** Whether the negotiated version is at least `major.minor`. */
export function atLeast(version: readonly [number, number], major: number, minor: number): boolean {
  return compare(version, [major, minor]) >= 0;
}

/** The headers Nova echoes with every response. */
export function microversionHeaders(version: readonly [number, number]): Record<string, string> {
  return {
    "openstack-api-version": `compute ${format(version)}`,
    "x-openstack-nova-api-version": format(version),
    vary: "OpenStack-API-Version, X-OpenStack-Nova-API-Version",
  };
}

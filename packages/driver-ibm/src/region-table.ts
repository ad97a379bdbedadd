import type { GeoLocation } from "@cloud-barista/core/driver";

/**
 * The approximate location of each IBM Cloud VPC region (the metro it is named after): the VPC
 * API's regions carry none, and placement ranks by location. A region missing here is listed
 * without coordinates.
 */
export const ibmRegionLocations: Readonly<Record<string, GeoLocation>> = {
  "us-south": { latitude: 32.78, longitude: -96.8 },
  "us-east": { latitude: 38.9, longitude: -77.04 },
  "ca-tor": { latitude: 43.65, longitude: -79.38 },
  "ca-mon": { latitude: 45.5, longitude: -73.57 },
  "br-sao": { latitude: -23.55, longitude: -46.63 },
  "eu-gb": { latitude: 51.51, longitude: -0.13 },
  "eu-de": { latitude: 50.11, longitude: 8.68 },
  "eu-es": { latitude: 40.42, longitude: -3.7 },
  "jp-tok": { latitude: 35.68, longitude: 139.77 },
  "jp-osa": { latitude: 34.69, longitude: 135.5 },
  "au-syd": { latitude: -33.87, longitude: 151.21 },
  "in-che": { latitude: 13.08, longitude: 80.27 },
};

/** A region's location, looked up as an own key only. */
export function locationOf(region: string): GeoLocation | undefined {
  return Object.hasOwn(ibmRegionLocations, region) ? ({ ...ibmRegionLocations[region] } as GeoLocation) : undefined;
}

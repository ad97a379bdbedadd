import type { GeoLocation } from "@cloud-barista/core/driver";

/**
 * AWS regions: the console's display names and the approximate location of each region's data
 * centres (DescribeRegions returns neither). Regions missing here show their code as name.
 */
export const awsRegionTable: Readonly<Record<string, { displayName: string; location: GeoLocation }>> = {
  "us-east-1": { displayName: "US East (N. Virginia)", location: { latitude: 38.95, longitude: -77.45 } },
  "us-east-2": { displayName: "US East (Ohio)", location: { latitude: 39.96, longitude: -83.0 } },
  "us-west-1": { displayName: "US West (N. California)", location: { latitude: 37.35, longitude: -121.96 } },
  "us-west-2": { displayName: "US West (Oregon)", location: { latitude: 45.84, longitude: -119.7 } },
  "af-south-1": { displayName: "Africa (Cape Town)", location: { latitude: -33.92, longitude: 18.42 } },
  "ap-east-1": { displayName: "Asia Pacific (Hong Kong)", location: { latitude: 22.32, longitude: 114.17 } },
  "ap-south-1": { displayName: "Asia Pacific (Mumbai)", location: { latitude: 19.08, longitude: 72.88 } },
  "ap-south-2": { displayName: "Asia Pacific (Hyderabad)", location: { latitude: 17.39, longitude: 78.49 } },
  "ap-southeast-1": { displayName: "Asia Pacific (Singapore)", location: { latitude: 1.35, longitude: 103.82 } },
  "ap-southeast-2": { displayName: "Asia Pacific (Sydney)", location: { latitude: -33.87, longitude: 151.21 } },
  "ap-southeast-3": { displayName: "Asia Pacific (Jakarta)", location: { latitude: -6.21, longitude: 106.85 } },
  "ap-southeast-4": { displayName: "Asia Pacific (Melbourne)", location: { latitude: -37.81, longitude: 144.96 } },
  "ap-southeast-5": { displayName: "Asia Pacific (Malaysia)", location: { latitude: 3.14, longitude: 101.69 } },
  "ap-southeast-7": { displayName: "Asia Pacific (Thailand)", location: { latitude: 13.76, longitude: 100.5 } },
  "ap-northeast-1": { displayName: "Asia Pacific (Tokyo)", location: { latitude: 35.68, longitude: 139.69 } },
  "ap-northeast-2": { displayName: "Asia Pacific (Seoul)", location: { latitude: 37.57, longitude: 126.98 } },
  "ap-northeast-3": { displayName: "Asia Pacific (Osaka)", location: { latitude: 34.69, longitude: 135.5 } },
  "ca-central-1": { displayName: "Canada (Central)", location: { latitude: 45.5, longitude: -73.57 } },
  "ca-west-1": { displayName: "Canada West (Calgary)", location: { latitude: 51.05, longitude: -114.07 } },
  "eu-central-1": { displayName: "Europe (Frankfurt)", location: { latitude: 50.11, longitude: 8.68 } },
  "eu-central-2": { displayName: "Europe (Zurich)", location: { latitude: 47.38, longitude: 8.54 } },
  "eu-west-1": { displayName: "Europe (Ireland)", location: { latitude: 53.35, longitude: -6.26 } },
  "eu-west-2": { displayName: "Europe (London)", location: { latitude: 51.51, longitude: -0.13 } },
  "eu-west-3": { displayName: "Europe (Paris)", location: { latitude: 48.86, longitude: 2.35 } },
  "eu-north-1": { displayName: "Europe (Stockholm)", location: { latitude: 59.33, longitude: 18.07 } },
  "eu-south-1": { displayName: "Europe (Milan)", location: { latitude: 45.46, longitude: 9.19 } },
  "eu-south-2": { displayName: "Europe (Spain)", location: { latitude: 41.65, longitude: -0.88 } },
  "il-central-1": { displayName: "Israel (Tel Aviv)", location: { latitude: 32.09, longitude: 34.78 } },
  "me-south-1": { displayName: "Middle East (Bahrain)", location: { latitude: 26.07, longitude: 50.56 } },
  "me-central-1": { displayName: "Middle East (UAE)", location: { latitude: 24.45, longitude: 54.38 } },
  "mx-central-1": { displayName: "Mexico (Central)", location: { latitude: 20.59, longitude: -100.39 } },
  "sa-east-1": { displayName: "South America (Sao Paulo)", location: { latitude: -23.55, longitude: -46.63 } },
  "cn-north-1": { displayName: "China (Beijing)", location: { latitude: 39.9, longitude: 116.4 } },
  "cn-northwest-1": { displayName: "China (Ningxia)", location: { latitude: 37.2, longitude: 106.2 } },
  "us-gov-west-1": { displayName: "AWS GovCloud (US-West)", location: { latitude: 45.6, longitude: -121.2 } },
  "us-gov-east-1": { displayName: "AWS GovCloud (US-East)", location: { latitude: 40.0, longitude: -83.0 } },
};

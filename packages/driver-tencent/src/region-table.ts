import type { GeoLocation } from "@cloud-barista/core/driver";

/**
 * The approximate location of each Tencent Cloud region's data centres (the city it is named
 * after): DescribeRegions returns none, and placement ranks by location and latency. A region
 * missing here is listed without coordinates.
 */
export const tencentRegionLocations: Readonly<Record<string, GeoLocation>> = {
  "ap-guangzhou": { latitude: 23.13, longitude: 113.26 },
  "ap-shenzhen-fsi": { latitude: 22.54, longitude: 114.06 },
  "ap-shanghai": { latitude: 31.23, longitude: 121.47 },
  "ap-shanghai-fsi": { latitude: 31.23, longitude: 121.47 },
  "ap-nanjing": { latitude: 32.06, longitude: 118.8 },
  "ap-beijing": { latitude: 39.9, longitude: 116.4 },
  "ap-beijing-fsi": { latitude: 39.9, longitude: 116.4 },
  "ap-chengdu": { latitude: 30.57, longitude: 104.07 },
  "ap-chongqing": { latitude: 29.56, longitude: 106.55 },
  "ap-hongkong": { latitude: 22.32, longitude: 114.17 },
  "ap-taipei": { latitude: 25.03, longitude: 121.57 },
  "ap-singapore": { latitude: 1.35, longitude: 103.82 },
  "ap-jakarta": { latitude: -6.21, longitude: 106.85 },
  "ap-bangkok": { latitude: 13.76, longitude: 100.5 },
  "ap-mumbai": { latitude: 19.08, longitude: 72.88 },
  "ap-seoul": { latitude: 37.57, longitude: 126.98 },
  "ap-tokyo": { latitude: 35.68, longitude: 139.77 },
  "na-siliconvalley": { latitude: 37.37, longitude: -121.92 },
  "na-ashburn": { latitude: 39.04, longitude: -77.49 },
  "na-toronto": { latitude: 43.65, longitude: -79.38 },
  "sa-saopaulo": { latitude: -23.55, longitude: -46.63 },
  "eu-frankfurt": { latitude: 50.11, longitude: 8.68 },
  "eu-moscow": { latitude: 55.76, longitude: 37.62 },
};

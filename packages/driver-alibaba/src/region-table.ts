import type { GeoLocation } from "@cloud-barista/core/driver";

/**
 * The approximate location of each Alibaba Cloud region's data centres (the city it is named
 * after): DescribeRegions returns none, and placement ranks by location and latency. A region
 * missing here is listed without coordinates.
 */
export const alibabaRegionLocations: Readonly<Record<string, GeoLocation>> = {
  "cn-qingdao": { latitude: 36.07, longitude: 120.38 },
  "cn-beijing": { latitude: 39.9, longitude: 116.4 },
  "cn-zhangjiakou": { latitude: 40.82, longitude: 114.88 },
  "cn-huhehaote": { latitude: 40.84, longitude: 111.75 },
  "cn-wulanchabu": { latitude: 41.0, longitude: 113.13 },
  "cn-hangzhou": { latitude: 30.27, longitude: 120.15 },
  "cn-shanghai": { latitude: 31.23, longitude: 121.47 },
  "cn-nanjing": { latitude: 32.06, longitude: 118.8 },
  "cn-fuzhou": { latitude: 26.07, longitude: 119.3 },
  "cn-wuhan-lr": { latitude: 30.59, longitude: 114.31 },
  "cn-shenzhen": { latitude: 22.54, longitude: 114.06 },
  "cn-heyuan": { latitude: 23.74, longitude: 114.7 },
  "cn-guangzhou": { latitude: 23.13, longitude: 113.26 },
  "cn-chengdu": { latitude: 30.57, longitude: 104.07 },
  "cn-hongkong": { latitude: 22.32, longitude: 114.17 },
  "ap-northeast-1": { latitude: 35.68, longitude: 139.77 },
  "ap-northeast-2": { latitude: 37.57, longitude: 126.98 },
  "ap-southeast-1": { latitude: 1.35, longitude: 103.82 },
  "ap-southeast-3": { latitude: 3.14, longitude: 101.69 },
  "ap-southeast-5": { latitude: -6.21, longitude: 106.85 },
  "ap-southeast-6": { latitude: 14.6, longitude: 120.98 },
  "ap-southeast-7": { latitude: 13.76, longitude: 100.5 },
  "us-east-1": { latitude: 38.95, longitude: -77.45 },
  "us-west-1": { latitude: 37.39, longitude: -122.08 },
  "eu-west-1": { latitude: 51.51, longitude: -0.13 },
  "eu-central-1": { latitude: 50.11, longitude: 8.68 },
  "me-east-1": { latitude: 25.2, longitude: 55.27 },
  "me-central-1": { latitude: 24.71, longitude: 46.68 },
};

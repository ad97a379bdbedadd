import type { GeoLocation } from "@cloud-barista/core/driver";

/**
 * Where Compute Engine's regions are: the approximate location of each region's data centres (the
 * city Google's region list names). `regions.list` returns no coordinates, and placement by
 * location or latency needs them; a region missing here has none.
 */
export const gcpRegionPlaces: Readonly<Record<string, GeoLocation>> = {
  "africa-south1": { latitude: -26.2, longitude: 28.05 }, // Johannesburg
  "asia-east1": { latitude: 24.05, longitude: 120.52 }, // Changhua County, Taiwan
  "asia-east2": { latitude: 22.32, longitude: 114.17 }, // Hong Kong
  "asia-northeast1": { latitude: 35.68, longitude: 139.77 }, // Tokyo
  "asia-northeast2": { latitude: 34.69, longitude: 135.5 }, // Osaka
  "asia-northeast3": { latitude: 37.57, longitude: 126.98 }, // Seoul
  "asia-south1": { latitude: 19.08, longitude: 72.88 }, // Mumbai
  "asia-south2": { latitude: 28.61, longitude: 77.21 }, // Delhi
  "asia-southeast1": { latitude: 1.34, longitude: 103.71 }, // Jurong West, Singapore
  "asia-southeast2": { latitude: -6.21, longitude: 106.85 }, // Jakarta
  "australia-southeast1": { latitude: -33.87, longitude: 151.21 }, // Sydney
  "australia-southeast2": { latitude: -37.81, longitude: 144.96 }, // Melbourne
  "europe-central2": { latitude: 52.23, longitude: 21.01 }, // Warsaw
  "europe-north1": { latitude: 60.57, longitude: 27.19 }, // Hamina, Finland
  "europe-north2": { latitude: 59.33, longitude: 18.07 }, // Stockholm
  "europe-southwest1": { latitude: 40.42, longitude: -3.7 }, // Madrid
  "europe-west1": { latitude: 50.45, longitude: 3.82 }, // St. Ghislain, Belgium
  "europe-west2": { latitude: 51.51, longitude: -0.13 }, // London
  "europe-west3": { latitude: 50.11, longitude: 8.68 }, // Frankfurt
  "europe-west4": { latitude: 53.44, longitude: 6.83 }, // Eemshaven, Netherlands
  "europe-west6": { latitude: 47.38, longitude: 8.54 }, // Zurich
  "europe-west8": { latitude: 45.46, longitude: 9.19 }, // Milan
  "europe-west9": { latitude: 48.86, longitude: 2.35 }, // Paris
  "europe-west10": { latitude: 52.52, longitude: 13.4 }, // Berlin
  "europe-west12": { latitude: 45.07, longitude: 7.69 }, // Turin
  "me-central1": { latitude: 25.29, longitude: 51.53 }, // Doha
  "me-central2": { latitude: 26.43, longitude: 50.1 }, // Dammam
  "me-west1": { latitude: 32.09, longitude: 34.78 }, // Tel Aviv
  "northamerica-northeast1": { latitude: 45.5, longitude: -73.57 }, // Montreal
  "northamerica-northeast2": { latitude: 43.65, longitude: -79.38 }, // Toronto
  "northamerica-south1": { latitude: 20.59, longitude: -100.39 }, // Queretaro
  "southamerica-east1": { latitude: -23.53, longitude: -46.79 }, // Osasco, Sao Paulo
  "southamerica-west1": { latitude: -33.45, longitude: -70.67 }, // Santiago
  "us-central1": { latitude: 41.26, longitude: -95.86 }, // Council Bluffs, Iowa
  "us-east1": { latitude: 33.2, longitude: -80.01 }, // Moncks Corner, South Carolina
  "us-east4": { latitude: 39.04, longitude: -77.49 }, // Ashburn, Virginia
  "us-east5": { latitude: 39.96, longitude: -83.0 }, // Columbus, Ohio
  "us-south1": { latitude: 32.78, longitude: -96.8 }, // Dallas
  "us-west1": { latitude: 45.6, longitude: -121.18 }, // The Dalles, Oregon
  "us-west2": { latitude: 34.05, longitude: -118.24 }, // Los Angeles
  "us-west3": { latitude: 40.76, longitude: -111.89 }, // Salt Lake City
  "us-west4": { latitude: 36.17, longitude: -115.14 }, // Las Vegas
};

export interface GeoLocation {
  latitude: number;
  longitude: number;
}

export type ZoneStatus = "Available" | "Unavailable" | "Unknown";

export interface ZoneInfo {
  name: string;
  displayName: string;
  status: ZoneStatus;
}

export interface RegionZoneInfo {
  name: string;
  displayName: string;
  /** Where the region's data centres are, when known. */
  location?: GeoLocation;
  zones: ZoneInfo[];
}

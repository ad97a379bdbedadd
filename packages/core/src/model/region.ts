/** Where a region is, for placement by distance. */
export interface GeoLocation {
  latitude: number;
  longitude: number;
}

/** Whether a zone takes new resources. */
export type ZoneStatus = "Available" | "Unavailable" | "Unknown";

/** A zone of a region. */
export interface ZoneInfo {
  name: string;
  displayName: string;
  status: ZoneStatus;
}

/** A region of the cloud and its zones. */
export interface RegionZoneInfo {
  name: string;
  displayName: string;
  /** Where the region's data centres are, when known. */
  location?: GeoLocation;
  zones: ZoneInfo[];
}

import { invalidArgument } from "@cloud-barista/core";
import { mcisLimits } from "../model/limits.js";
import { requireMaxLength } from "../util/validate.js";

/** A point on the Earth, in degrees (WGS84 latitude and longitude). */
export interface GeoPoint {
  readonly latitude: number;
  readonly longitude: number;
  /** What explanations call the point ("Seoul"); defaults to its coordinates. */
  readonly label?: string;
}

/** Mean Earth radius (IUGG R1), the sphere every distance here is measured on. */
export const earthRadiusKm = 6371.0088;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/**
 * Great-circle distance by the haversine formula:
 * `d = 2R · asin(√(sin²(Δφ/2) + cos φ1 · cos φ2 · sin²(Δλ/2)))`. Unlike the spherical law of
 * cosines it stays accurate for points a few metres apart.
 */
export function haversineKm(
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number {
  const phi1 = toRadians(a.latitude);
  const phi2 = toRadians(b.latitude);
  const dPhi = phi2 - phi1;
  const dLambda = toRadians(b.longitude - a.longitude);
  const h = Math.sin(dPhi / 2) ** 2 + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) ** 2;
  // Rounding can push h a hair above 1 for antipodes; asin would return NaN.
  return 2 * earthRadiusKm * Math.asin(Math.sqrt(Math.min(1, h)));
}

/**
 * The spherical centroid of points: each point becomes a unit vector
 * `(cos φ cos λ, cos φ sin λ, sin φ)`, the vectors are averaged, and the mean is projected back
 * onto the sphere (`φ = atan2(z, √(x² + y²))`, `λ = atan2(y, x)`). Averaging latitudes and
 * longitudes instead (Tumblebug's coordinateFair) breaks across the antimeridian: Tokyo and
 * Honolulu would "meet" in Africa. Points with no defined centroid (their vectors cancel, e.g.
 * two antipodes) are an InvalidArgument naming `field`.
 */
export function sphericalCentroid(points: readonly GeoPoint[], field = "points"): GeoPoint {
  if (points.length === 0) throw invalidArgument(field, "non-empty", "needs at least one point");
  let x = 0;
  let y = 0;
  let z = 0;
  for (const p of points) {
    const phi = toRadians(p.latitude);
    const lambda = toRadians(p.longitude);
    x += Math.cos(phi) * Math.cos(lambda);
    y += Math.cos(phi) * Math.sin(lambda);
    z += Math.sin(phi);
  }
  const norm = Math.hypot(x, y, z) / points.length;
  if (norm < 1e-9)
    throw invalidArgument(field, "centroid", "the points cancel out (e.g. antipodes): their centroid is undefined");
  return {
    latitude: toDegrees(Math.atan2(z, Math.hypot(x, y))),
    longitude: toDegrees(Math.atan2(y, x)),
    label: `the centroid of ${points.map(pointLabel).join(", ")}`,
  };
}

/** The label of a point, or its coordinates as "37.57°N 126.98°E". */
export function pointLabel(point: GeoPoint): string {
  if (point.label !== undefined && point.label !== "") return point.label;
  const lat = `${Math.abs(point.latitude).toFixed(2)}°${point.latitude >= 0 ? "N" : "S"}`;
  const lon = `${Math.abs(point.longitude).toFixed(2)}°${point.longitude >= 0 ? "E" : "W"}`;
  return `${lat} ${lon}`;
}

/** Checks a point given by a caller; errors name `field`. */
export function requireGeoPoint(field: string, value: unknown): GeoPoint {
  if (value === null || typeof value !== "object")
    throw invalidArgument(field, "geo-point", "must be { latitude, longitude }");
  const { latitude, longitude, label } = value as Record<string, unknown>;
  if (typeof latitude !== "number" || !Number.isFinite(latitude) || latitude < -90 || latitude > 90) {
    throw invalidArgument(`${field}.latitude`, "latitude", "must be a number from -90 to 90");
  }
  if (typeof longitude !== "number" || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) {
    throw invalidArgument(`${field}.longitude`, "longitude", "must be a number from -180 to 180");
  }
  if (label !== undefined && typeof label !== "string")
    throw invalidArgument(`${field}.label`, "string", "must be a string");
  requireMaxLength(`${field}.label`, label, mcisLimits.textLength);
  return label === undefined ? { latitude, longitude } : { latitude, longitude, label };
}

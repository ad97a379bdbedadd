import { param } from "../context.js";
import type { GcpContext } from "../context.js";
import { gkeInvalid } from "./errors.js";

/** A GKE location: a region (regional cluster, nodes in its zones) or a zone (zonal cluster). */
export interface GkeLocation {
  name: string;
  region: string;
  /** The zones nodes run in: the zone of a zonal cluster, every zone of a regional one's region. */
  zones: string[];
}

/** The route's `location`, or 400 as GKE answers a location that does not exist. */
export function locationOf(ctx: GcpContext): GkeLocation {
  const name = param(ctx, "location");
  for (const region of ctx.world.catalog("GCP").regions) {
    if (region.name === name) return { name, region: region.name, zones: region.zones.map((z) => z.name) };
    const zone = region.zones.find((z) => z.name === name);
    if (zone) return { name, region: region.name, zones: [zone.name] };
  }
  throw gkeInvalid(`Location "${name}" does not exist.`);
}

/** "projects/p/locations/l": the parent of clusters and operations. */
export function parentOf(ctx: GcpContext, location: GkeLocation): string {
  return `projects/${ctx.project}/locations/${location.name}`;
}

/** An absolute URL of a relative name on the front's origin (selfLink, targetLink). */
export function gkeLink(ctx: GcpContext, name: string): string {
  return `${ctx.origin}/v1/${name}`;
}

import type { GcpContext } from "./context.js";
import { invalidField } from "./errors.js";
import { parseRef } from "./refs.js";

/**
 * The disk type a reference names ("zones/z/diskTypes/pd-ssd", full or partial URL), in `zone` and
 * offered by the catalog; 400 otherwise, as Compute Engine refuses a bare name or another zone's type.
 */
export function diskTypeOf(ctx: GcpContext, value: unknown, zone: string, field: string): string {
  const text = typeof value === "string" ? value : JSON.stringify(value ?? null);
  const ref = parseRef(text, "diskTypes", field);
  if (ref.project !== undefined && ref.project !== ctx.project) {
    throw invalidField(field, text, `The referenced resource must be in project '${ctx.project}'.`);
  }
  const known = ctx.world.catalog("GCP").diskTypes.some((d) => d.name === ref.name);
  if (ref.scope !== zone || !known) {
    throw invalidField(field, text, `Disk type '${ref.name}' does not exist in zone '${zone}'.`);
  }
  return ref.name;
}

import type { ResourceSku } from "@azure/arm-compute";
import { architectureOf, collect } from "@cloud-barista/core/driver";
import type { SpecHandler, VmSpecInfo } from "@cloud-barista/core/driver";
import { notFound } from "../errors.js";
import type { AzureSession } from "../session.js";

function capability(sku: ResourceSku, name: string): string | undefined {
  return sku.capabilities?.find((c) => c.name === name)?.value;
}

function number(sku: ResourceSku, name: string): number | undefined {
  const value = Number(capability(sku, name));
  return Number.isFinite(value) ? value : undefined;
}

/** Whether the subscription may run the size in the region at all (no Location restriction). */
function offeredIn(sku: ResourceSku, region: string): boolean {
  return !(sku.restrictions ?? []).some(
    (r) => r.type === "Location" && (r.restrictionInfo?.locations ?? r.values ?? []).includes(region),
  );
}

/** The zones of the region where the size is restricted (it takes no new VMs there). */
function restrictedZones(sku: ResourceSku): string[] {
  return (sku.restrictions ?? []).filter((r) => r.type === "Zone").flatMap((r) => r.restrictionInfo?.zones ?? []);
}

function toSpec(sku: ResourceSku, region: string): VmSpecInfo {
  const gpus = number(sku, "GPUs") ?? 0;
  const localMB = number(sku, "MaxResourceVolumeMB") ?? 0;
  const closed = restrictedZones(sku);
  const zones = (sku.locationInfo?.find((l) => l.location?.toLowerCase() === region)?.zones ?? []).filter(
    (z) => !closed.includes(z),
  );
  return {
    name: sku.name ?? "",
    region,
    vcpu: { count: number(sku, "vCPUs") ?? 0 },
    memorySizeMiB: Math.round((number(sku, "MemoryGB") ?? 0) * 1024),
    ...(localMB > 0 ? { diskSizeGB: Math.round(localMB / 1024) } : {}),
    // Compute reports how many GPUs, not their make or memory.
    gpus: gpus > 0 ? [{ count: gpus, manufacturer: "NA", model: "NA" }] : [],
    architecture: architectureOf(capability(sku, "CpuArchitectureType")),
    extra: {
      family: sku.family ?? "",
      zones: zones.sort().join(","),
      ...(closed.length > 0 ? { restrictedZones: closed.sort().join(",") } : {}),
    },
  };
}

/**
 * Specs are the VM sizes Compute's resource SKUs list for the connection's region
 * (`ResourceSkus_List` with `location eq '<region>'`). A size the subscription may not run there
 * (a Location restriction, NotAvailableForSubscription) is left out, so it is never found by a
 * create that fails; zones where it is restricted are in `extra.restrictedZones`, the zones it may
 * run in in `extra.zones`.
 */
export function createSpecHandler(session: AzureSession): SpecHandler {
  const { region } = session.settings;
  const list = (ctx: Parameters<SpecHandler["list"]>[0]) =>
    session.pages(
      ctx,
      "ResourceSkus_List",
      (options) => session.clients.compute.resourceSkus.list({ ...options, filter: `location eq '${region}'` }),
      (sku: ResourceSku) => sku,
    );
  return {
    list: async function* (ctx) {
      for await (const sku of list(ctx)) {
        if (sku.resourceType === "virtualMachines" && offeredIn(sku, region)) yield toSpec(sku, region);
      }
    },
    // Compute has no read of one SKU: the region's list, filtered.
    async get(name, ctx) {
      const sku = (await collect(list(ctx))).find((s) => s.resourceType === "virtualMachines" && s.name === name);
      if (!sku || !offeredIn(sku, region)) throw notFound("spec", name, region);
      return toSpec(sku, region);
    },
  };
}

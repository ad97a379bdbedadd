import type {
  Architecture,
  GpuInfo,
  ImageHandler,
  ImageInfo,
  PriceHandler,
  RegionZoneHandler,
  SpecHandler,
  VmSpecInfo,
} from "@cloud-barista/core/driver";
import { architectureOf } from "@cloud-barista/core/driver";
import { computeRegions } from "../auth/catalog.js";
import { invalid, notFound } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import type { GlanceImage, NovaFlavor } from "./native-types.js";

/** An hourly price the user supplies for a flavor (OpenStack has no price API). */
export interface FlavorPrice {
  pricePerHour: number;
  /** ISO 4217, e.g. "EUR". */
  currency: string;
}

export function createRegionZoneHandler(session: OpenStackSession): RegionZoneHandler {
  return {
    // Keystone lists regions; each region's Nova lists its availability zones.
    async *list(ctx) {
      const regions = await session.call<{ id: string; description?: string }[]>(ctx, "keystone:ListRegions");
      const withCompute = new Set(computeRegions(await session.catalog(ctx)));
      for (const region of regions ?? []) {
        if (!withCompute.has(region.id)) continue;
        type Zone = { zoneName: string; zoneState?: { available?: boolean } };
        const zones = await session.call<Zone[]>(ctx, "nova:ListAvailabilityZones", {}, undefined, region.id);
        yield {
          name: region.id,
          displayName: region.description || region.id,
          zones: (zones ?? []).map((z) => ({
            name: z.zoneName,
            displayName: z.zoneName,
            status: z.zoneState?.available === false ? "Unavailable" : "Available",
          })),
        };
      }
    },
  };
}

export function toImageInfo(image: GlanceImage): ImageInfo {
  const distro = [image.os_distro, image.os_version].filter((s) => typeof s === "string" && s !== "").join(" ");
  return {
    id: image.id,
    name: image.name ?? image.id,
    osArchitecture: architectureOf(image.architecture),
    osPlatform: image.os_type === "windows" ? "Windows" : image.os_type === "linux" ? "Linux/UNIX" : "NA",
    osDistribution: distro || (image.name ?? ""),
    ...(typeof image.min_disk === "number" && image.min_disk > 0 ? { osDiskSizeGB: image.min_disk } : {}),
    status: image.status === "active" ? "Available" : "Unavailable",
    extra: {
      visibility: image.visibility ?? "",
      diskFormat: image.disk_format ?? "",
      ...(image.os_admin_user ? { loginUser: image.os_admin_user } : {}),
    },
  };
}

export function createImageHandler(session: OpenStackSession): ImageHandler {
  return {
    list: (ctx) =>
      session.list<GlanceImage, ImageInfo>(ctx, "glance:ListImages", { visibility: "public" }, toImageInfo),
    get: async (id, ctx) => toImageInfo(await session.call<GlanceImage>(ctx, "glance:ShowImage", { id })),
  };
}

/** GPUs of a flavor: a PCI passthrough alias "<maker>-<model>:<count>", or a vGPU resource. */
function gpusOf(extraSpecs: Record<string, string>): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const alias of (extraSpecs["pci_passthrough:alias"] ?? "").split(",").filter((a) => a !== "")) {
    const [name = "", count = "1"] = alias.split(":");
    const [maker = "", ...model] = name.split("-");
    gpus.push({
      count: Number(count) || 1,
      manufacturer: maker.toUpperCase(),
      model: model.join("-").toUpperCase() || name.toUpperCase(),
    });
  }
  const vgpus = Number(extraSpecs["resources:VGPU"] ?? 0);
  if (vgpus > 0) gpus.push({ count: vgpus, manufacturer: "NA", model: "vGPU" });
  return gpus;
}

function flavorArchitecture(extraSpecs: Record<string, string>): Architecture {
  if (extraSpecs["trait:HW_ARCH_AARCH64"] === "required") return "arm64";
  const cpuArch = extraSpecs["capabilities:cpu_arch"] ?? extraSpecs["hw:cpu_arch"];
  return cpuArch === undefined ? "x86_64" : architectureOf(cpuArch);
}

export function toSpecInfo(flavor: NovaFlavor, region: string): VmSpecInfo {
  const extraSpecs = flavor.extra_specs ?? {};
  return {
    name: flavor.name,
    region,
    vcpu: { count: flavor.vcpus },
    memorySizeMiB: flavor.ram,
    ...(flavor.disk > 0 ? { diskSizeGB: flavor.disk } : {}),
    gpus: gpusOf(extraSpecs),
    architecture: flavorArchitecture(extraSpecs),
    extra: {
      flavorId: String(flavor.id),
      ephemeralGB: String(flavor["OS-FLV-EXT-DATA:ephemeral"] ?? 0),
      isPublic: String(flavor["os-flavor-access:is_public"] ?? true),
    },
  };
}

export function listFlavors(
  session: OpenStackSession,
  ctx: Parameters<SpecHandler["list"]>[0],
): AsyncIterable<NovaFlavor> {
  return session.list<NovaFlavor, NovaFlavor>(ctx, "nova:ListFlavorsDetailed", {}, (f) => f);
}

/** The flavor of a name (Nova addresses flavors by id, so this lists them). */
export async function flavorByName(
  session: OpenStackSession,
  ctx: Parameters<SpecHandler["list"]>[0],
  name: string,
): Promise<NovaFlavor | undefined> {
  for await (const flavor of listFlavors(session, ctx)) if (flavor.name === name) return flavor;
  return undefined;
}

export function createSpecHandler(session: OpenStackSession): SpecHandler {
  return {
    async *list(ctx) {
      for await (const flavor of listFlavors(session, ctx)) yield toSpecInfo(flavor, session.region);
    },
    async get(name, ctx) {
      const flavor = await flavorByName(session, ctx, name);
      if (!flavor) throw notFound("spec", name, session.region);
      return toSpecInfo(flavor, session.region);
    },
  };
}

/**
 * Prices from the user's table, for the flavors the region offers; flavors without an entry are
 * left out rather than guessed.
 */
export function createPriceHandler(
  session: OpenStackSession,
  prices: Readonly<Record<string, FlavorPrice>>,
): PriceHandler {
  return {
    async *list(ctx) {
      const retrievedAt = new Date(ctx.clock.now());
      for await (const flavor of listFlavors(session, ctx)) {
        const entry = prices[flavor.name];
        if (!entry) continue;
        yield {
          specName: flavor.name,
          region: session.region,
          onDemand: {
            price: entry.pricePerHour,
            currency: entry.currency,
            unit: "Hour",
            pricingId: `openstack:${session.region}:${flavor.name}`,
          },
          source: "user-price-table",
          retrievedAt,
        };
      }
    },
  };
}

/** Checks a price table when the driver is made. */
export function checkPriceTable(prices: Readonly<Record<string, FlavorPrice>>): void {
  for (const [flavor, entry] of Object.entries(prices)) {
    if (!(typeof entry.pricePerHour === "number" && entry.pricePerHour > 0 && Number.isFinite(entry.pricePerHour))) {
      throw invalid(`prices.${flavor}.pricePerHour`, "positive", "must be a positive number");
    }
    if (!/^[A-Z]{3}$/.test(entry.currency)) {
      throw invalid(`prices.${flavor}.currency`, "currency", 'must be an ISO 4217 code such as "EUR"');
    }
  }
}

import type { CallContext, GpuInfo, SpecHandler, VmSpecInfo } from "@cloud-barista/core/driver";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { zoneOffers } from "./stock.js";
import type { ZoneOffer } from "./stock.js";

/** An instance type as DescribeInstanceTypes answers it. */
export interface InstanceType {
  InstanceTypeId?: string;
  InstanceTypeFamily?: string;
  CpuCoreCount?: number;
  MemorySize?: number;
  GPUAmount?: number;
  GPUSpec?: string;
  GPUMemorySize?: number;
  CpuArchitecture?: string;
  CpuSpeedFrequency?: number;
  LocalStorageCapacity?: number;
  LocalStorageAmount?: number;
}

interface InstanceTypesAnswer extends RpcAnswer {
  NextToken?: string;
  InstanceTypes?: { InstanceType?: InstanceType[] };
}

/** Where a type can be started now, and where it is offered but sold out. */
function availability(name: string, offers: readonly ZoneOffer[]) {
  const zones = offers.filter((o) => o.open && o.inStock.includes(name)).map((o) => o.zone);
  const soldOut = offers.filter((o) => o.soldOut.includes(name) || (!o.open && o.inStock.includes(name)));
  return { zones, soldOut: soldOut.map((o) => o.zone) };
}

function toSpecInfo(session: AlibabaSession, t: InstanceType, offers: readonly ZoneOffer[]): VmSpecInfo {
  const name = t.InstanceTypeId ?? "";
  const gpus: GpuInfo[] =
    (t.GPUAmount ?? 0) > 0
      ? [
          {
            count: Number(t.GPUAmount),
            manufacturer: /nvidia|tesla|^a\d|^v\d|^t4/i.test(t.GPUSpec ?? "") ? "NVIDIA" : "NA",
            model: t.GPUSpec ?? "NA",
            ...(t.GPUMemorySize ? { memorySizeGB: Number(t.GPUMemorySize) } : {}),
            ...(t.GPUMemorySize ? { totalMemorySizeGB: Number(t.GPUMemorySize) * Number(t.GPUAmount) } : {}),
          },
        ]
      : [];
  const { zones, soldOut } = availability(name, offers);
  const local = Number(t.LocalStorageCapacity ?? 0) * Number(t.LocalStorageAmount ?? 1);
  return {
    name,
    region: session.region,
    vcpu: {
      count: Number(t.CpuCoreCount ?? 0),
      ...(t.CpuSpeedFrequency ? { clockGHz: Number(t.CpuSpeedFrequency) } : {}),
    },
    memorySizeMiB: Math.round(Number(t.MemorySize ?? 0) * 1024),
    ...(local > 0 ? { diskSizeGB: local } : {}),
    gpus,
    architecture: t.CpuArchitecture === "ARM" ? "arm64" : t.CpuArchitecture === "X86" ? "x86_64" : "NA",
    extra: {
      ...(t.InstanceTypeFamily ? { family: t.InstanceTypeFamily } : {}),
      // Zones where the type can be started now, and where it is offered but sold out.
      availableZones: zones.join(","),
      soldOutZones: soldOut.join(","),
      available: String(zones.length > 0),
    },
  };
}

/**
 * Instance types from DescribeInstanceTypes (NextToken paging), with where each can be started from
 * DescribeAvailableResource (pay-as-you-go; the connection's zone only, when it has one). `list`
 * holds only the types some zone has in stock, so placement never picks a sold-out or unsupported
 * combination and learns it from RunInstances; `get` reads any type, `extra.available` "false"
 * when no zone has it in stock.
 */
export function createSpecHandler(session: AlibabaSession): SpecHandler {
  const offers = (ctx: CallContext) => zoneOffers(session, ctx, "InstanceType", { zone: session.settings.zone });
  const startable = (name: string, all: readonly ZoneOffer[]) => availability(name, all).zones.length > 0;
  return {
    list: (ctx) =>
      (async function* () {
        const all = await offers(ctx);
        const types = session.tokenPages<InstanceTypesAnswer, InstanceType>(
          ctx,
          "DescribeInstanceTypes",
          {},
          (a) => a.InstanceTypes?.InstanceType,
        );
        for await (const t of types) {
          if (t.InstanceTypeId && startable(t.InstanceTypeId, all)) yield toSpecInfo(session, t, all);
        }
      })(),
    async get(name, ctx) {
      const t = await session.one<InstanceTypesAnswer, InstanceType>(
        ctx,
        "DescribeInstanceTypes",
        { "InstanceTypes.1": name },
        (a) => a.InstanceTypes?.InstanceType?.find((i) => i.InstanceTypeId === name),
        { type: "spec", id: name },
      );
      return toSpecInfo(session, t, await offers(ctx));
    },
  };
}

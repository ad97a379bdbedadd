import type { GpuInfo, SpecHandler, VmSpecInfo } from "@cloud-barista/core/driver";
import type { InstanceTypeQuotaItem } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js";
import { notFound } from "../errors.js";
import type { TencentSession } from "../session.js";
import { instanceOffers, selling } from "./stock.js";

/** Families and CPU types of Arm instance types (Tencent's SR and Ampere, Kunpeng, Yitian CPUs). */
const armCpu = /ampere|kunpeng|yitian|graviton|\barm/i;

/** A clock speed in GHz from Tencent's Frequency ("2.5GHz", "2.5/3.1GHz") or the CPU type's "(2.5 GHz)". */
function clockOf(o: InstanceTypeQuotaItem): number | undefined {
  const text = `${o.Frequency ?? ""} ${o.CpuType ?? ""}`;
  const match = /(\d+(?:\.\d+)?)\s*(?:\/[\d.]+\s*)?GHz/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

function toSpecInfo(session: TencentSession, name: string, offers: readonly InstanceTypeQuotaItem[]): VmSpecInfo {
  const first = offers[0] ?? {};
  const gpuCount = Number(first.GpuCount ?? first.Gpu ?? 0);
  const gpus: GpuInfo[] =
    gpuCount > 0
      ? [{ count: Math.max(1, Math.round(gpuCount)), manufacturer: /^G/i.test(name) ? "NVIDIA" : "NA", model: "NA" }]
      : [];
  const zones = offers.filter(selling).map((o) => o.Zone ?? "");
  const soldOut = offers.filter((o) => !selling(o)).map((o) => o.Zone ?? "");
  const clock = clockOf(first);
  const arm = /^SR/i.test(name) || armCpu.test(first.CpuType ?? "");
  return {
    name,
    region: session.region,
    vcpu: { count: Number(first.Cpu ?? 0), ...(clock ? { clockGHz: clock } : {}) },
    memorySizeMiB: Math.round(Number(first.Memory ?? 0) * 1024),
    gpus,
    architecture: arm ? "arm64" : "x86_64",
    extra: {
      ...(first.InstanceFamily ? { family: first.InstanceFamily } : {}),
      ...(first.TypeName ? { typeName: first.TypeName } : {}),
      ...(first.CpuType ? { cpuType: first.CpuType } : {}),
      // Zones where the type can be started now (Status SELL), and where it is SOLD_OUT.
      availableZones: zones.join(","),
      soldOutZones: soldOut.join(","),
      available: String(zones.length > 0),
    },
  };
}

/** Offers grouped by instance type, in the order the answer gave them. */
function byType(offers: readonly InstanceTypeQuotaItem[]): Map<string, InstanceTypeQuotaItem[]> {
  const out = new Map<string, InstanceTypeQuotaItem[]>();
  for (const o of offers) {
    const name = o.InstanceType ?? "";
    out.set(name, [...(out.get(name) ?? []), o]);
  }
  return out;
}

/**
 * Instance types with their sell status per zone, from one DescribeZoneInstanceConfigInfos
 * (pay-as-you-go; the connection's zone only, when it has one). `list` holds only the types some
 * zone SELLs, so placement never picks a sold-out type; `get` reads any type, `extra.available`
 * "false" when every zone has it SOLD_OUT.
 */
export function createSpecHandler(session: TencentSession): SpecHandler {
  const zone = session.settings.zone;
  return {
    list: (ctx) =>
      (async function* () {
        for (const [name, offers] of byType(await instanceOffers(session, ctx, { zone }))) {
          if (offers.some(selling)) yield toSpecInfo(session, name, offers);
        }
      })(),
    async get(name, ctx) {
      const offers = await instanceOffers(session, ctx, { zone, instanceType: name });
      const own = offers.filter((o) => o.InstanceType === name);
      if (own.length === 0) throw notFound("spec", name, session.region);
      return toSpecInfo(session, name, own);
    },
  };
}

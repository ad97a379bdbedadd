import type { CallContext } from "@cloud-barista/core/driver";
import type { AlibabaSession, RpcAnswer } from "../session.js";

/** One offered value (an instance type, a disk category) and whether it is in stock. */
interface SupportedResource {
  Value?: string;
  Status?: string;
  StatusCategory?: string;
}

export interface AvailableZone {
  ZoneId?: string;
  Status?: string;
  StatusCategory?: string;
  AvailableResources?: {
    AvailableResource?: { Type?: string; SupportedResources?: { SupportedResource?: SupportedResource[] } }[];
  };
}

interface AvailableResourceAnswer extends RpcAnswer {
  AvailableZones?: { AvailableZone?: AvailableZone[] };
}

/** What a zone offers of one kind of resource: in stock, and offered but sold out. */
export interface ZoneOffer {
  zone: string;
  /** The zone as a whole can take new pay-as-you-go resources. */
  open: boolean;
  inStock: string[];
  soldOut: string[];
}

const inStock = (r: { Status?: string; StatusCategory?: string }) =>
  (r.Status ?? "Available") === "Available" && !/WithoutStock/.test(r.StatusCategory ?? "");

/**
 * DescribeAvailableResource for pay-as-you-go instances: per zone, the values of `destination`
 * ("InstanceType", "SystemDisk", "DataDisk") in stock and sold out. With `remember`, the answer is
 * kept a while per question (`stockTtlMs`): a VM start checks its zone without a call each time;
 * spec and price lists ask afresh (the runtime caches those lists itself).
 */
export function zoneOffers(
  session: AlibabaSession,
  ctx: CallContext,
  destination: "InstanceType" | "SystemDisk" | "DataDisk",
  filter: { zone?: string | undefined; instanceType?: string | undefined } = {},
  remember = false,
): Promise<ZoneOffer[]> {
  const key = stockKey(destination, filter);
  const ask = async () => {
    const answer = await session.call<AvailableResourceAnswer>(ctx, "DescribeAvailableResource", {
      DestinationResource: destination,
      InstanceChargeType: "PostPaid",
      ResourceType: destination === "DataDisk" ? "disk" : "instance",
      ZoneId: filter.zone,
      InstanceType: filter.instanceType,
    });
    return (answer.AvailableZones?.AvailableZone ?? []).flatMap((z): ZoneOffer[] => {
      if (!z.ZoneId) return [];
      const values = (z.AvailableResources?.AvailableResource ?? [])
        .filter((r) => r.Type === destination)
        .flatMap((r) => r.SupportedResources?.SupportedResource ?? []);
      return [
        {
          zone: z.ZoneId,
          open: inStock(z),
          inStock: values.filter((v) => v.Value && inStock(v)).map((v) => v.Value ?? ""),
          soldOut: values.filter((v) => v.Value && !inStock(v)).map((v) => v.Value ?? ""),
        },
      ];
    });
  };
  return remember ? (session.stock.get(key, ask) as Promise<ZoneOffer[]>) : ask();
}

type Filter = { zone?: string | undefined; instanceType?: string | undefined };

const stockKey = (destination: string, filter: Filter) =>
  [destination, filter.zone ?? "", filter.instanceType ?? ""].join("|");

/** Forgets a remembered answer: the cloud just said otherwise (a create refused for no stock). */
export function forgetZoneOffers(
  session: AlibabaSession,
  destination: "InstanceType" | "SystemDisk" | "DataDisk",
  filter: Filter,
): void {
  session.stock.forget(stockKey(destination, filter));
}

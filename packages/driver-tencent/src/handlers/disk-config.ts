import type { CallContext } from "@cloud-barista/core/driver";
import type {
  DescribeDiskConfigQuotaResponse,
  DiskConfig,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_models.js";
import type { TencentSession } from "../session.js";

/** What a zone offers of one disk use: the disk types it sells now, and those it lists sold out. */
export interface DiskOffer {
  available: string[];
  soldOut: string[];
  configs: DiskConfig[];
}

/**
 * CBS DescribeDiskConfigQuota for pay-as-you-go disks of one use (SYSTEM_DISK with an instance
 * type's family, CPU and memory; DATA_DISK) in one zone, remembered a while (`stockTtlMs`).
 */
export function diskOffers(
  session: TencentSession,
  ctx: CallContext,
  zone: string,
  usage: "SYSTEM_DISK" | "DATA_DISK",
  instance?: { family?: string | undefined; cpu?: number | undefined; memory?: number | undefined },
): Promise<DiskOffer> {
  const key = ["disks", zone, usage, instance?.family ?? "", instance?.cpu ?? "", instance?.memory ?? ""].join("|");
  return session.stock.get(key, async () => {
    const answer = await session.call<DescribeDiskConfigQuotaResponse>(ctx, "DescribeDiskConfigQuota", {
      InquiryType: "INQUIRY_CVM_CONFIG",
      DiskChargeType: "POSTPAID_BY_HOUR",
      Zones: [zone],
      DiskUsage: usage,
      ...(instance?.family ? { InstanceFamilies: [instance.family] } : {}),
      ...(instance?.cpu ? { CPU: instance.cpu } : {}),
      ...(instance?.memory ? { Memory: instance.memory } : {}),
    });
    const configs = (answer.DiskConfigSet ?? []).filter((c) => c.DiskType && (c.Zone ?? zone) === zone);
    return {
      available: configs.filter((c) => c.Available !== false).map((c) => c.DiskType ?? ""),
      soldOut: configs.filter((c) => c.Available === false).map((c) => c.DiskType ?? ""),
      configs,
    };
  }) as Promise<DiskOffer>;
}

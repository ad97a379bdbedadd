import type { DeclaredRateLimit } from "@cloud-barista/core/driver";
import type { TencentApi } from "./apis.js";

// Tencent Cloud API 3.0 limits each API on its own, per sub-account and access region ("API
// frequency limit", cloud.tencent.com/document/product/1278/109059), at the "maximum requests per
// second" CVM's API overview lists for it (tencentcloud.com/document/product/213/568; DeleteKeyPairs
// on its own page, tencentcloud.com/document/api/213/33230). Each becomes a bucket of one second's
// requests refilled at that rate. The APIs of other services, and CVM APIs whose figure the
// overview does not give, are learned by the pacer.
const perSecond: Readonly<Partial<Record<TencentApi, number>>> = {
  DescribeInstances: 40,
  RunInstances: 10,
  InquiryPriceRunInstances: 10,
  StartInstances: 10,
  StopInstances: 10,
  RebootInstances: 10,
  TerminateInstances: 10,
  DeleteKeyPairs: 10,
};

/** The CVM buckets driver-tencent declares to the pacer, one per API. */
export const tencentRateLimits: readonly DeclaredRateLimit[] = Object.entries(perSecond).map(([api, rate]) => ({
  bucket: `cvm:${api}`,
  apis: [api],
  capacity: rate,
  refillPerSecond: rate,
}));

import { describe, expect, it } from "vitest";
import { priceOf } from "./price.js";
import type { Sku } from "./price.js";

const sku = (skuId: string, description: string, units: string, nanos: number): Sku => ({
  skuId,
  description,
  category: { resourceFamily: "Compute", usageType: "OnDemand" },
  serviceRegions: ["us-central1"],
  pricingInfo: [
    { pricingExpression: { tieredRates: [{ startUsageAmount: 0, unitPrice: { currencyCode: "USD", units, nanos } }] } },
  ],
});

const skus = [
  sku("spot", "Spot Preemptible N2 Instance Core running in Americas", "0", 5_000_000),
  sku("core", "N2 Instance Core running in Americas", "0", 31_611_000),
  sku("ram", "N2 Instance Ram running in Americas", "0", 4_237_000),
  sku("n1core", "N1 Predefined Instance Core running in Americas", "0", 31_611_000),
  sku("n1ram", "N1 Predefined Instance Ram running in Americas", "0", 4_237_000),
  sku("t4", "Nvidia Tesla T4 GPU running in Americas", "0", 350_000_000),
];

describe("priceOf", () => {
  it("adds the family's vCPU and RAM prices (per GiB), leaving Spot SKUs out", () => {
    const priced = priceOf({ name: "n2-standard-2", guestCpus: 2, memoryMb: 8192 }, skus);
    expect(priced?.price).toBeCloseTo(2 * 0.031611 + 8 * 0.004237, 6);
    expect(priced?.ids).toEqual(["core", "ram"]);
  });

  it("adds bundled GPUs and refuses a type a part of which has no SKU", () => {
    const gpu = priceOf(
      {
        name: "n1-standard-4",
        guestCpus: 4,
        memoryMb: 15360,
        accelerators: [{ guestAcceleratorType: "nvidia-tesla-t4", guestAcceleratorCount: 1 }],
      },
      skus,
    );
    expect(gpu?.price).toBeCloseTo(4 * 0.031611 + 15 * 0.004237 + 0.35, 6);
    expect(priceOf({ name: "c3-standard-4", guestCpus: 4, memoryMb: 16384 }, skus)).toBeUndefined();
  });

  it("bills shared-core E2 types for their fraction of a vCPU", () => {
    const e2 = [
      sku("e2core", "E2 Instance Core running in Americas", "0", 20_000_000),
      sku("e2ram", "E2 Instance Ram running in Americas", "0", 3_000_000),
    ];
    expect(priceOf({ name: "e2-micro", guestCpus: 2, memoryMb: 1024, isSharedCpu: true }, e2)?.price).toBeCloseTo(
      0.25 * 0.02 + 0.003,
      6,
    );
  });
});

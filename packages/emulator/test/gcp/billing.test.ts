import { describe, expect, it } from "vitest";
import { start } from "./support.js";

// The Cloud Billing Catalog's Compute Engine SKUs, made from the world's machine-type prices.

interface Sku {
  skuId: string;
  description: string;
  category: { resourceGroup: string; resourceFamily: string; usageType: string };
  serviceRegions: string[];
  pricingInfo: {
    pricingExpression: { usageUnit: string; tieredRates: { unitPrice: { units: string; nanos: number } }[] };
  }[];
}

const priceOf = (sku: Sku | undefined) => {
  const unit = sku?.pricingInfo[0]?.pricingExpression.tieredRates[0]?.unitPrice;
  return unit ? Number(unit.units) + unit.nanos / 1e9 : Number.NaN;
};

describe("the GCP front's Billing Catalog", () => {
  it("pages Compute Engine SKUs whose vCPU and RAM prices combine to each machine type's price", async () => {
    const { send, world } = await start({ pageSize: 10 });
    const services = await send("GET", "/v1/services");
    expect(services.json["services"]).toEqual([
      expect.objectContaining({ serviceId: "6F81-5844-456A", displayName: "Compute Engine" }),
    ]);
    const skus: Sku[] = [];
    let token = "";
    let pages = 0;
    do {
      const answer = await send(
        "GET",
        `/v1/services/6F81-5844-456A/skus?pageSize=7${token ? `&pageToken=${token}` : ""}`,
      );
      expect(answer.status).toBe(200);
      skus.push(...(answer.json["skus"] as Sku[]));
      token = String(answer.json["nextPageToken"]);
      pages += 1;
    } while (token !== "");
    expect(pages).toBeGreaterThan(3);
    expect(new Set(skus.map((s) => s.skuId)).size).toBe(skus.length);
    const find = (description: string, region: string) =>
      skus.find((s) => s.description === description && s.serviceRegions.includes(region));
    const core = find("N2 Instance Core running in Americas", "us-central1");
    const ram = find("N2 Instance Ram running in Americas", "us-central1");
    expect(core).toMatchObject({
      category: { resourceFamily: "Compute", resourceGroup: "CPU", usageType: "OnDemand" },
      serviceRegions: ["us-central1", "us-east1"],
      pricingInfo: [{ pricingExpression: { usageUnit: "h" } }],
    });
    expect(ram?.pricingInfo[0]?.pricingExpression.usageUnit).toBe("GiBy.h");
    const n2 = world.catalog("GCP").specs.find((s) => s.name === "n2-standard-4");
    expect(4 * priceOf(core) + 16 * priceOf(ram)).toBeCloseTo(n2?.usdPerHour ?? 0, 3);
    // Seoul's prices carry its price factor.
    const seoul = find("N2 Instance Core running in Seoul", "asia-northeast3");
    expect(priceOf(seoul)).toBeCloseTo(priceOf(core) * 1.2, 6);
    // GPUs have their own SKU; A2 is sold only where the catalog sells it.
    const a100 = find("Nvidia Tesla A100 GPU running in Americas", "us-central1");
    expect(a100?.category.resourceGroup).toBe("GPU");
    expect(skus.some((s) => s.description.startsWith("A2 ") && s.serviceRegions.includes("europe-west3"))).toBe(false);
    expect((await send("GET", "/v1/services/0000-0000-0000/skus")).status).toBe(404);
    expect((await send("GET", "/v1/services/6F81-5844-456A/skus?pageToken=zzz")).status).toBe(400);
    expect((await send("GET", "/v1/services/6F81-5844-456A/skus", { token: null })).status).toBe(401);
  });
});

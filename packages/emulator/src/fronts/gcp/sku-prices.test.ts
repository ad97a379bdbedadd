import { describe, expect, it } from "vitest";
import { gcpCatalog } from "../../world/catalog/gcp.js";
import { billedCpus, familyPrices } from "./sku-prices.js";

describe("the Billing Catalog's unit prices", () => {
  it("combine back to every machine type's world price", () => {
    const families = new Map(familyPrices(gcpCatalog).map((f) => [f.family, f]));
    for (const spec of gcpCatalog.specs) {
      const unit = families.get(spec.family);
      const cpus = billedCpus[spec.name] ?? spec.vcpus;
      const combined =
        cpus * (unit?.cpu ?? 0) +
        (spec.memoryMiB / 1024) * (unit?.ram ?? 0) +
        (spec.gpu?.count ?? 0) * (unit?.gpu?.price ?? 0);
      expect(Math.abs(combined - spec.usdPerHour), spec.name).toBeLessThan(0.0002);
    }
  });

  it("prices memory below vCPUs and GPUs above both", () => {
    for (const family of familyPrices(gcpCatalog)) {
      expect(family.cpu).toBeGreaterThan(0);
      expect(family.ram).toBeLessThan(family.cpu);
      if (family.gpu) expect(family.gpu.price).toBeGreaterThan(family.cpu);
    }
  });
});

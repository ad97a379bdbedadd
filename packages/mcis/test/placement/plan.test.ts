import { describe, expect, it } from "vitest";
import { chooseImage } from "../../src/placement/image-choice.js";
import { formatPlanCost, planPlacement } from "../../src/placement/plan.js";
import type { PlacementRequest } from "../../src/placement/plan.js";
import { planToMcis } from "../../src/placement/plan-to-mcis.js";
import type { QuotaEntry } from "../../src/quota/entry.js";
import { cities, offer, ubuntuArm } from "./support.js";

const debianArm = {
  ...ubuntuArm,
  id: "img-debian-arm",
  name: "Debian 12 (arm64)",
  osDistribution: "Debian 12 (bookworm)",
};
const windows = {
  ...ubuntuArm,
  id: "img-win",
  name: "Windows Server 2022",
  osDistribution: "Windows Server 2022",
  osPlatform: "Windows" as const,
};
const arm = { architecture: "arm64" as const, vcpus: 4, memoryGiB: 16 };

const catalog = [
  offer({
    ...arm,
    connection: "gcp-tokyo",
    provider: "GCP",
    region: "asia-northeast1",
    specName: "t2a-standard-4",
    price: 0.07,
    location: cities.tokyo,
  }),
  offer({
    ...arm,
    connection: "aws-seoul",
    provider: "AWS",
    region: "ap-northeast-2",
    specName: "m7g.xlarge",
    price: 0.08,
    location: cities.seoul,
    images: [ubuntuArm, debianArm, windows],
  }),
  offer({
    ...arm,
    connection: "aws-frankfurt",
    provider: "AWS",
    region: "eu-central-1",
    specName: "m7g.xlarge",
    price: 0.09,
    location: cities.frankfurt,
  }),
  offer({
    ...arm,
    connection: "azure-virginia",
    provider: "AZURE",
    region: "eastus",
    specName: "D4ps_v5",
    price: 0.1,
    location: cities.virginia,
  }),
  offer({
    connection: "aws-seoul",
    provider: "AWS",
    region: "ap-northeast-2",
    specName: "m7i.xlarge",
    vcpus: 4,
    price: 0.03,
  }),
  offer({
    ...arm,
    connection: "aws-seoul",
    provider: "AWS",
    region: "ap-northeast-2",
    specName: "m7g.medium",
    vcpus: 2,
    price: 0.02,
  }),
  offer({
    ...arm,
    connection: "oci-seoul",
    provider: "ALIBABA",
    region: "ap-seoul-1",
    specName: "A1.Flex",
    price: 0.01,
    images: [windows],
  }),
];

/** "6 VMs, >= 4 vCPU, arm64, close to Seoul and Frankfurt, cheapest first, across at least 2 providers". */
const sixArm: PlacementRequest = {
  vmCount: 6,
  filter: { ranges: { vcpus: { min: 4 } }, architecture: "arm64" },
  priorities: [{ metric: "cost" }, { metric: "latency", from: [cities.seoul, cities.frankfurt] }],
  spread: { minProviders: 2 },
};

const sizes = (plan: ReturnType<typeof planPlacement>): [string, number][] =>
  plan.subGroups.map((g) => [g.offer.connection, g.size]);

describe("planPlacement", () => {
  it("packs the cheapest offer after taking the best offer of a second provider", () => {
    const plan = planPlacement(catalog, sixArm);
    // Alibaba is cheapest but has no Linux image; GCP Tokyo is next, AWS Seoul the best other provider.
    expect(sizes(plan)).toEqual([
      ["gcp-tokyo", 5],
      ["aws-seoul", 1],
    ]);
    expect(plan.feasible).toBe(true);
    expect(plan.placed).toBe(6);
    expect(plan.subGroups.map((g) => g.name)).toEqual(["g1", "g2"]);
    expect(plan.estimatedHourlyCost.totals).toEqual([{ currency: "USD", amount: expect.closeTo(5 * 0.07 + 0.08, 9) }]);
    expect(formatPlanCost(plan)).toBe("$0.43/h");
    expect(plan.subGroups[1]?.why).toContain("adds provider AWS (spread: at least 2 providers)");
    expect(plan.subGroups[0]?.why).toMatch(
      /^5 VM\(s\) of GCP asia-northeast1 t2a-standard-4 via gcp-tokyo; rank 1: \$0\.07\/h \(cheapest\), ~\d+ ms summed RTT from Seoul, Frankfurt; image Ubuntu 24\.04 \(arm64\)$/,
    );
    expect(plan.subGroups.every((g) => g.image.architecture === "arm64")).toBe(true);
  });

  it("spreads evenly when asked", () => {
    expect(sizes(planPlacement(catalog, { ...sixArm, spread: { minProviders: 2, balance: "even" } }))).toEqual([
      ["gcp-tokyo", 3],
      ["aws-seoul", 3],
    ]);
    expect(sizes(planPlacement(catalog, { ...sixArm, spread: { minProviders: 1, maxPerSubGroup: 2 } }))).toEqual([
      ["gcp-tokyo", 2],
      ["aws-seoul", 2],
      ["aws-frankfurt", 2],
    ]);
  });

  it("never exceeds a quota the caller gives, and drops offers with none left", () => {
    const capped = planPlacement(catalog, {
      ...sixArm,
      quotas: [{ provider: "GCP", region: "asia-northeast1", remainingVcpus: 8 }],
    });
    expect(sizes(capped)).toEqual([
      ["gcp-tokyo", 2],
      ["aws-seoul", 4],
    ]);
    const none = planPlacement(catalog, { ...sixArm, quotas: [{ connection: "gcp-tokyo", remainingVms: 0 }] });
    expect(sizes(none)).toEqual([
      ["aws-seoul", 5],
      ["azure-virginia", 1],
    ]);
  });

  it("never exceeds a quota reported with the offers, shared by a pool's connections, unless the request overrides it", () => {
    const pool: QuotaEntry = {
      provider: "AWS",
      region: "ap-northeast-2",
      connection: ["aws-seoul", "aws-seoul-b"],
      remainingVcpus: 8,
      source: "reported",
    };
    const aws = { ...arm, provider: "AWS" as const, region: "ap-northeast-2", specName: "m7g.xlarge", quotas: [pool] };
    const offers = [
      offer({ ...aws, connection: "aws-seoul", price: 0.05 }),
      offer({ ...aws, connection: "aws-seoul-b", price: 0.06 }),
      offer({
        ...arm,
        connection: "gcp-tokyo",
        provider: "GCP",
        region: "asia-northeast1",
        specName: "t2a-standard-4",
        price: 0.07,
      }),
    ];
    const six: PlacementRequest = { vmCount: 6, filter: { architecture: "arm64" } };
    // 8 vCPUs hold two 4-vCPU VMs in all of AWS Seoul, whichever connection.
    const plan = planPlacement(offers, six);
    expect(sizes(plan)).toEqual([
      ["aws-seoul", 2],
      ["gcp-tokyo", 4],
    ]);
    expect(plan.subGroups[0]?.why).toMatch(
      /; capped by quota: AWS ap-northeast-2 via aws-seoul, aws-seoul-b \(reported\): 0 vCPU left$/,
    );
    expect(plan.subGroups[1]?.why).not.toContain("quota");
    // The request's figure replaces the reported one for the connections it covers.
    expect(sizes(planPlacement(offers, { ...six, quotas: [{ provider: "AWS", remainingVcpus: 16 }] }))).toEqual([
      ["aws-seoul", 4],
      ["gcp-tokyo", 2],
    ]);
    expect(sizes(planPlacement(offers, { ...six, quotas: [{ connection: "aws-seoul", remainingVcpus: 40 }] }))).toEqual(
      [["aws-seoul", 6]],
    );
  });

  it("says what is unmet when it cannot place everything", () => {
    const plan = planPlacement(catalog, { ...sixArm, quotas: [{ remainingVms: 3 }] });
    expect(plan.placed).toBe(3);
    expect(plan.feasible).toBe(false);
    expect(plan.unmet[0]).toMatch(
      /^placed 3 of 6 VM\(s\): no room left \(4 offer\(s\) passed the filter with a matching image; 1 had no matching image; quotas limit some offers\)$/,
    );
    const spread = planPlacement(catalog, { ...sixArm, spread: { minProviders: 4 } });
    expect(spread.placed).toBe(6);
    expect(spread.unmet).toEqual(["spread: 3 of 4 providers reachable with the offers left"]);
  });

  it("chooses an image of the spec's architecture, honouring the OS preference", () => {
    const plan = planPlacement(catalog, {
      ...sixArm,
      image: { os: ["rocky", "debian"] },
      filter: { connection: "aws-seoul", architecture: "arm64" },
      spread: {},
    });
    // m7g.medium is cheaper but offers no Debian image, so it is left out.
    expect(plan.subGroups.map((g) => [g.offer.specName, g.image.id])).toEqual([["m7g.xlarge", "img-debian-arm"]]);
    expect(chooseImage(catalog[1] ?? offer(), { platform: "Windows" })?.id).toBe("img-win");
    expect(chooseImage(catalog[0] ?? offer(), { os: "windows" })).toBeUndefined();
  });

  it("counts running VMs toward spread and skips names in use (re-planning)", () => {
    const gcp = catalog[0] ?? offer();
    const plan = planPlacement(
      catalog,
      { ...sixArm, vmCount: 2 },
      { existing: [{ offer: gcp, size: 4 }], takenNames: new Set(["g1", "g3"]) },
    );
    expect(sizes(plan)).toEqual([
      ["gcp-tokyo", 1],
      ["aws-seoul", 1],
    ]);
    expect(plan.subGroups.map((g) => g.name)).toEqual(["g2", "g4"]);
    const excluded = planPlacement(
      catalog,
      { ...sixArm, vmCount: 1, spread: {} },
      { exclude: (o) => o.provider === "GCP" },
    );
    expect(sizes(excluded)).toEqual([["aws-seoul", 1]]);
  });

  it("rejects bad requests, naming the field", () => {
    expect(() => planPlacement(catalog, { ...sixArm, vmCount: 0 })).toThrow(
      expect.objectContaining({ field: "vmCount", rule: "positive-integer" }),
    );
    expect(() => planPlacement(catalog, { ...sixArm, vmCount: 1 })).toThrow(
      expect.objectContaining({ field: "spread.minProviders", rule: "range" }),
    );
    expect(() => planPlacement(catalog, { ...sixArm, subGroupPrefix: "G_" })).toThrow(
      expect.objectContaining({ field: "subGroupPrefix" }),
    );
    expect(() => planPlacement(catalog, { ...sixArm, quotas: [{ region: "x" }] })).toThrow(
      expect.objectContaining({ field: "quotas[0]", rule: "required" }),
    );
    expect(() => planPlacement(catalog, { ...sixArm, size: 3 } as PlacementRequest)).toThrow(
      expect.objectContaining({ field: "request.size" }),
    );
  });
});

describe("planToMcis", () => {
  it("produces the engine's create request with one sub-group per planned group", () => {
    const plan = planPlacement(catalog, sixArm);
    const request = planToMcis(plan, {
      namespace: "ns",
      name: "web",
      labels: { team: "a" },
      subGroupDefaults: { rootDiskSizeGB: 50, labels: { tier: "web" } },
    });
    expect(request).toEqual({
      namespace: "ns",
      name: "web",
      labels: { team: "a" },
      policy: "continue",
      subGroups: [
        {
          name: "g1",
          connection: "gcp-tokyo",
          specName: "t2a-standard-4",
          image: "img-ubuntu-arm",
          size: 5,
          rootDiskSizeGB: 50,
          labels: {
            tier: "web",
            "placement.offer": "gcp-tokyo/t2a-standard-4",
            "placement.provider": "GCP",
            "placement.region": "asia-northeast1",
            "placement.rank": "1",
          },
        },
        expect.objectContaining({ name: "g2", connection: "aws-seoul", specName: "m7g.xlarge", size: 1 }),
      ],
    });
  });

  it("refuses a plan that is not feasible unless partial plans are allowed", () => {
    const plan = planPlacement(catalog, { ...sixArm, quotas: [{ remainingVms: 3 }] });
    expect(() => planToMcis(plan, { namespace: "ns", name: "web" })).toThrow(
      expect.objectContaining({ code: "InvalidArgument", field: "plan", rule: "feasible" }),
    );
    expect(
      planToMcis(plan, { namespace: "ns", name: "web", allowPartial: true }).subGroups.reduce((s, g) => s + g.size, 0),
    ).toBe(3);
  });
});

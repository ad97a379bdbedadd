import { isBaristaError } from "@cloud-barista/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildCatalog,
  createMcisService,
  findAlternatives,
  loadCatalog,
  mcisLimits,
  planPlacement,
  provisionWithFailover,
} from "../src/index.js";
import type { Offer, PlacementEngine, PlacementRequest } from "../src/index.js";
import { group, liveWorldVms, mcisFixture } from "./support.js";
import type { McisFixture } from "./support.js";

// Every count, size, list and text of placement and MCIS input is bounded (mcisLimits) and checked
// before any work: past a bound is an InvalidArgument naming the field and the rule, and nothing is
// created or sent to a cloud.

const ref = { namespace: "ns1", name: "web" };
const many = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));
const { vmsPerMcis, listItems, priorities, latencyOrigins, matchTerms, textLength } = mcisLimits;
const seoul = { latitude: 37.57, longitude: 126.98 };

let f: McisFixture;
let offers: readonly Offer[];

beforeAll(async () => {
  f = await mcisFixture();
  offers = (await loadCatalog(f.barista)).offers;
  // An MCIS to grow: g1 and g2, one VM each.
  await f.mcis.create({ ...ref, subGroups: [group("g1", "seoul", 1), group("g2", "virginia", 1)] });
});

/** The InvalidArgument a call throws (sync or async), as field and rule. */
async function refusal(call: () => unknown): Promise<{ field?: string; rule?: string }> {
  try {
    await call();
  } catch (error) {
    if (isBaristaError(error, "InvalidArgument")) return { field: error.field, rule: error.rule };
    throw error;
  }
  throw new Error("expected an InvalidArgument");
}

type Row = [name: string, call: () => unknown, field: string, rule: string];

const plan = (request: Partial<PlacementRequest>) => () => planPlacement(offers, { vmCount: 2, ...request });
const rankedBy = (priority: object) => plan({ priorities: [priority as never] });

const placementRows: Row[] = [
  ["10 million VMs spread evenly", plan({ vmCount: 1e7, spread: { balance: "even" } }), "vmCount", "max"],
  ["one VM more than an MCIS holds", plan({ vmCount: vmsPerMcis + 1 }), "vmCount", "max"],
  ["NaN VMs", plan({ vmCount: NaN }), "vmCount", "positive-integer"],
  ["Infinity VMs", plan({ vmCount: Infinity }), "vmCount", "positive-integer"],
  ["negative VMs", plan({ vmCount: -3 }), "vmCount", "positive-integer"],
  ["a fraction of a VM", plan({ vmCount: 2.5 }), "vmCount", "positive-integer"],
  [
    "a sub-group cap above a sub-group's size",
    plan({ spread: { maxPerSubGroup: 10_000 } }),
    "spread.maxPerSubGroup",
    "max",
  ],
  ["a sub-group prefix too long for an ID", plan({ subGroupPrefix: "a".repeat(20) }), "subGroupPrefix", "max-length"],
  [
    "too many priorities",
    plan({ priorities: many(priorities + 1, () => ({ metric: "cost" as const })) }),
    "priorities",
    "max-items",
  ],
  ["a weight that overflows a sum", rankedBy({ metric: "cost", weight: 1e300 }), "priorities[0].weight", "max"],
  ["a NaN weight", rankedBy({ metric: "cost", weight: NaN }), "priorities[0].weight", "number"],
  ["an unsafe seed", rankedBy({ metric: "random", seed: 2 ** 60 }), "priorities[0].seed", "integer"],
  [
    "too many points",
    rankedBy({ metric: "location", near: many(listItems + 1, () => seoul) }),
    "priorities[0].near",
    "max-items",
  ],
  [
    "too many latency origins",
    rankedBy({ metric: "latency", from: many(latencyOrigins + 1, () => seoul) }),
    "priorities[0].from",
    "max-items",
  ],
  [
    "an RTT row without a region",
    rankedBy({ metric: "latency", from: [seoul], rtt: [{ from: "x", ms: 1 }] }),
    "priorities[0].rtt[0].region",
    "required",
  ],
  [
    "a point label past the text bound",
    rankedBy({ metric: "location", near: { ...seoul, label: "x".repeat(textLength + 1) } }),
    "priorities[0].near.label",
    "max-length",
  ],
  [
    "too many regions in a filter",
    plan({ filter: { region: many(listItems + 1, (i) => `r${i}`) } }),
    "filter.region",
    "max-items",
  ],
  [
    "too many GPU model terms",
    plan({ filter: { gpuModel: many(matchTerms + 1, (i) => `m${i}`) } }),
    "filter.gpuModel",
    "max-items",
  ],
  ["an OS term past the text bound", plan({ filter: { os: "x".repeat(textLength + 1) } }), "filter.os", "max-length"],
  [
    "an infinite range bound",
    plan({ filter: { ranges: { vcpus: { min: Infinity } } } }),
    "filter.ranges.vcpus.min",
    "number",
  ],
  [
    "a negative radius",
    plan({ filter: { within: { point: seoul, radiusKm: -1 } } }),
    "filter.within.radiusKm",
    "non-negative",
  ],
  [
    "too many exchange rates",
    plan({ currency: { rates: Object.fromEntries(many(listItems + 1, (i) => [`C${i}`, 1])) } }),
    "currency.rates",
    "max-items",
  ],
  ["too many quota entries", plan({ quotas: many(listItems + 1, () => ({ remainingVms: 1 })) }), "quotas", "max-items"],
  [
    "a fraction of a VM left in a quota",
    plan({ quotas: [{ remainingVms: 1.5 }] }),
    "quotas[0].remainingVms",
    "integer",
  ],
  ["a NaN vCPU quota", plan({ quotas: [{ remainingVcpus: NaN }] }), "quotas[0].remainingVcpus", "number"],
  [
    "too many image OS preferences",
    plan({ image: { os: many(matchTerms + 1, (i) => `os${i}`) } }),
    "image.os",
    "max-items",
  ],
  ["an unknown image platform", plan({ image: { platform: "Linux" as never } }), "image.platform", "one-of"],
  [
    "a negative alternatives limit",
    () => findAlternatives(offers, { vcpus: 2 }, { limit: -1 }),
    "limit",
    "non-negative-integer",
  ],
  [
    "a fractional alternatives limit",
    () => findAlternatives(offers, { vcpus: 2 }, { limit: 1.5 }),
    "limit",
    "non-negative-integer",
  ],
];

/** An engine that must never be called: the request is refused before. */
const untouchable: PlacementEngine = {
  create: () => Promise.reject(new Error("engine called")),
  addSubGroups: () => Promise.reject(new Error("engine called")),
  refine: () => Promise.reject(new Error("engine called")),
};
const untouchedSource = {
  connectionNames: () => Promise.reject(new Error("source read")),
  open: () => Promise.reject(new Error("source read")),
};

const optionRows: Row[] = [
  [
    "a billion failover attempts",
    () => provisionWithFailover(untouchable, offers, { vmCount: 1 }, { ...ref, maxAttempts: 1e9 }),
    "maxAttempts",
    "max",
  ],
  ["a billion catalog reads at once", () => buildCatalog(untouchedSource, { concurrency: 1e9 }), "concurrency", "max"],
  [
    "too many catalog connections",
    () => buildCatalog(untouchedSource, { connections: many(listItems + 1, (i) => `c${i}`) }),
    "connections",
    "max-items",
  ],
  [
    "a billion throttle retries",
    () => createMcisService({ barista: f.barista, throttleRetries: 1e9 }),
    "throttleRetries",
    "max",
  ],
  [
    "an infinite poll interval",
    () => createMcisService({ barista: f.barista, statusPollMs: Infinity }),
    "statusPollMs",
    "positive",
  ],
  [
    "a timeout past any timer",
    () => createMcisService({ barista: f.barista, runningTimeoutMs: 2 ** 31 }),
    "runningTimeoutMs",
    "max",
  ],
];

const create =
  (subGroups: object[], extra: object = {}) =>
  () =>
    f.mcis.create({ namespace: "ns1", name: "big", subGroups: subGroups as never, ...extra });
const dynamic = (subGroup: object) => () =>
  f.mcis.createDynamic({
    namespace: "ns1",
    name: "big",
    subGroups: [{ name: "g1", connection: "seoul", spec: "small", image: "ubuntu", size: 1, ...subGroup }],
  });

const mcisRows: Row[] = [
  [
    "a create with more sub-groups than an MCIS holds VMs",
    create(many(vmsPerMcis + 1, (i) => group(`g${i}`, "seoul", 1))),
    "subGroups",
    "max-items",
  ],
  [
    "a create with more VMs than an MCIS holds",
    create([group("g1", "seoul", 5_000), group("g2", "virginia", 5_000)]),
    "subGroups",
    "max-vms",
  ],
  ["a sub-group of 10 million VMs", create([group("g1", "seoul", 1e7)]), "subGroups[0].size", "size"],
  ["a fractional sub-group size", create([group("g1", "seoul", 1.5)]), "subGroups[0].size", "size"],
  [
    "a description past its bound",
    create([group("g1", "seoul", 1)], { description: "x".repeat(1_025) }),
    "description",
    "max-length",
  ],
  [
    "too many labels",
    create([group("g1", "seoul", 1)], { labels: Object.fromEntries(many(65, (i) => [`k${i}`, "v"])) }),
    "labels",
    "max-items",
  ],
  [
    "too many security groups",
    create([
      group("g1", "seoul", 1, {
        vpcName: "v",
        subnetName: "s",
        securityGroupNames: many(listItems + 1, (i) => `sg${i}`),
      }),
    ]),
    "subGroups[0].securityGroupNames",
    "max-items",
  ],
  [
    "a spec name past the text bound",
    create([group("g1", "seoul", 1, { specName: "x".repeat(textLength + 1) })]),
    "subGroups[0].specName",
    "max-length",
  ],
  [
    "a node group's cluster name past the text bound",
    create([group("g1", "seoul", 1, { nodeGroup: { cluster: "x".repeat(textLength + 1) } })]),
    "subGroups[0].nodeGroup.cluster",
    "max-length",
  ],
  [
    "a node group past core's node group size",
    create([group("g1", "seoul", 1_001, { nodeGroup: { cluster: "k8s" } })]),
    "subGroups[0].size",
    "size",
  ],
  [
    "dynamic: spec keywords past the text bound",
    dynamic({ spec: "small ".repeat(60) }),
    "subGroups[0].spec",
    "max-length",
  ],
  ["dynamic: an infinite sub-group", dynamic({ size: Infinity }), "subGroups[0].size", "size"],
  [
    "dynamic: more VMs than an MCIS holds",
    () =>
      f.mcis.createDynamic({
        namespace: "ns1",
        name: "big",
        subGroups: many(2, (i) => ({
          name: `g${i + 1}`,
          connection: "seoul",
          spec: "small",
          image: "ubuntu",
          size: 5_000,
        })),
      }),
    "subGroups",
    "max-vms",
  ],
  [
    "a scale-out past the MCIS's VMs",
    () => f.mcis.scaleOut({ ...ref, subGroup: "g1" }, vmsPerMcis - 1),
    "count",
    "max-vms",
  ],
  ["a NaN scale-out", () => f.mcis.scaleOut({ ...ref, subGroup: "g1" }, NaN), "count", "size"],
  [
    "a new sub-group past the MCIS's VMs",
    () => f.mcis.addSubGroup(ref, group("g3", "seoul", vmsPerMcis - 1)),
    "subGroup.size",
    "max-vms",
  ],
  [
    "new sub-groups past the MCIS's VMs",
    () => f.mcis.addSubGroups(ref, [group("g3", "seoul", 5_000), group("g4", "seoul", 5_000)]),
    "subGroups",
    "max-vms",
  ],
  ["a VM ID past any VM index", () => f.mcis.suspend({ ...ref, vm: `g1-${"9".repeat(100)}` }), "vm", "vm-id"],
];

describe("input bounds", () => {
  it.each([...placementRows, ...optionRows])("placement and options: %s", async (_name, call, field, rule) => {
    expect(await refusal(call)).toEqual({ field, rule });
  });

  it.each(mcisRows)("MCIS: %s is refused before anything is sent", async (_name, call, field, rule) => {
    const calls = (await f.barista.history.query()).length;
    const vms = liveWorldVms(f.world).length;
    expect(await refusal(call)).toEqual({ field, rule });
    // Nothing reached a cloud (no call at all, not even a read), nothing was created.
    expect((await f.barista.history.query()).length).toBe(calls);
    expect(liveWorldVms(f.world)).toHaveLength(vms);
    expect((await f.mcis.list("ns1", { refresh: false })).map((m) => m.name)).toEqual(["web"]);
  });

  it("plans up to the bounds: the most VMs an MCIS holds, evenly, in sub-groups an MCIS accepts", () => {
    // The emulator's reported quotas hold 100 VMs a region; the caller's entry loosens them.
    const quotas = [{ remainingVms: 2 * vmsPerMcis, remainingVcpus: 1_000_000 }];
    const result = planPlacement(offers, { vmCount: vmsPerMcis, spread: { balance: "even", minRegions: 3 }, quotas });
    expect(result.feasible).toBe(true);
    expect(result.placed).toBe(vmsPerMcis);
    expect(result.subGroups.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...result.subGroups.map((g) => g.size))).toBeLessThanOrEqual(mcisLimits.vmsPerSubGroup);
  });

  it("accepts an MCIS of exactly the most VMs it holds (dry run)", async () => {
    const unquoted = createMcisService({ barista: f.barista, reportedQuotas: false });
    const dry = await unquoted.create({
      namespace: "ns1",
      name: "full",
      dryRun: true,
      subGroups: [group("g1", "seoul", 5_000), group("g2", "virginia", vmsPerMcis - 5_000)],
    });
    expect(dry.vms).toHaveLength(vmsPerMcis);
    expect(dry.vms.at(-1)?.id).toBe(`g2-${vmsPerMcis - 5_000}`);
  });
});

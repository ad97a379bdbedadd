import { BaristaError } from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import type { SubGroupRequest } from "../../src/model/requests.js";
import type { PlacementEngine, VmOutcome } from "../../src/placement/engine-port.js";
import { provisionWithFailover } from "../../src/placement/failover.js";
import type { PlacementRequest } from "../../src/placement/plan.js";
import { offer } from "./support.js";

/**
 * An engine whose clouds answer by script: `fails(group, index)` returns the error code a VM gets,
 * or undefined for a running VM. It records every call.
 */
function scriptedEngine(fails: (group: SubGroupRequest, index: number) => ErrorCode | undefined) {
  const calls: string[] = [];
  const vms = new Map<string, VmOutcome>();
  const run = (groups: readonly SubGroupRequest[]) => {
    const out: VmOutcome[] = [];
    for (const g of groups) {
      for (let i = 1; i <= g.size; i++) {
        const code = fails(g, i);
        const vm: VmOutcome = {
          subGroup: g.name,
          vm: `${g.name}-${i}`,
          connection: g.connection,
          status: code ? "Failed" : "Running",
          ...(code ? { error: new BaristaError(code, `${code} in ${g.connection}`) } : {}),
        };
        vms.set(vm.vm, vm);
        out.push(vm);
      }
    }
    return { vms: out };
  };
  const engine: PlacementEngine = {
    create: async (request) => {
      calls.push(
        `create ${request.subGroups.map((g) => `${g.name}:${g.connection}/${g.specName}x${g.size}`).join(",")}`,
      );
      return run(request.subGroups);
    },
    addSubGroups: async (_ref, groups) => {
      calls.push(`add ${groups.map((g) => `${g.name}:${g.connection}/${g.specName}x${g.size}`).join(",")}`);
      return run(groups);
    },
    refine: async () => {
      const failed = [...vms.values()].filter((vm) => vm.status === "Failed").map((vm) => vm.vm);
      calls.push(`refine ${failed.join(",")}`);
      for (const name of failed) vms.delete(name);
    },
  };
  return { engine, calls, vms };
}

// Cheapest first: AWS Seoul zone a, AWS Seoul zone b, AWS Tokyo, GCP Seoul.
const offers = [
  offer({ connection: "aws-sel-a", provider: "AWS", region: "sel", zone: "sel-a", specName: "m", price: 0.1 }),
  offer({ connection: "aws-sel-b", provider: "AWS", region: "sel", zone: "sel-b", specName: "m", price: 0.11 }),
  offer({ connection: "aws-sel-a", provider: "AWS", region: "sel", zone: "sel-a", specName: "l", price: 0.115 }),
  offer({ connection: "aws-tyo", provider: "AWS", region: "tyo", zone: "tyo-a", specName: "m", price: 0.12 }),
  offer({ connection: "gcp-sel", provider: "GCP", region: "sel", zone: "sel-x", specName: "m", price: 0.13 }),
];
const request: PlacementRequest = { vmCount: 4 };
const options = { namespace: "ns", name: "app" };

describe("provisionWithFailover", () => {
  it("blocks the zone on a capacity error and moves only the failed VMs", async () => {
    // Zone sel-a has room for two VMs.
    const { engine, calls, vms } = scriptedEngine((g, i) =>
      g.connection === "aws-sel-a" && i > 2 ? "CapacityUnavailable" : undefined,
    );
    const result = await provisionWithFailover(engine, offers, request, options);
    expect(calls).toEqual(["create g1:aws-sel-a/mx4", "refine g1-3,g1-4", "add g2:aws-sel-b/mx2"]);
    expect(result.complete).toBe(true);
    expect(result.attempts).toBe(2);
    expect(result.running.map((vm) => vm.vm)).toEqual(["g1-1", "g1-2", "g2-1", "g2-2"]);
    expect([...vms.keys()]).toEqual(["g1-1", "g1-2", "g2-1", "g2-2"]);
    expect(result.blocks).toEqual([
      expect.objectContaining({
        scope: "zone",
        provider: "AWS",
        region: "sel",
        zone: "sel-a",
        code: "CapacityUnavailable",
      }),
    ]);
    expect(result.decisions.map((d) => [d.attempt, d.kind])).toEqual([
      [1, "planned"],
      [1, "planned"],
      [1, "failed"],
      [1, "blocked"],
      [2, "replanned"],
      [2, "replanned"],
      [2, "completed"],
    ]);
    const failed = result.decisions.find((d) => d.kind === "failed");
    expect(failed).toEqual(
      expect.objectContaining({
        subGroup: "g1",
        vms: ["g1-3", "g1-4"],
        error: { code: "CapacityUnavailable", message: "CapacityUnavailable in aws-sel-a" },
      }),
    );
    expect(failed?.message).toBe(
      "2 VM(s) of g1 failed on AWS sel/sel-a m via aws-sel-a: CapacityUnavailable: CapacityUnavailable in aws-sel-a",
    );
    expect(result.decisions.find((d) => d.kind === "blocked")?.message).toBe(
      "blocked zone AWS sel/sel-a: CapacityUnavailable blocks the zone (blocking table)",
    );
    // The replacement is the next offer once zone sel-a (both of its specs) is out.
    expect(result.decisions.find((d) => d.kind === "replanned")?.message).toMatch(
      /^re-planned \(instead\) g2: 2 VM\(s\) of AWS sel\/sel-b m via aws-sel-b; rank 1: \$0\.11\/h \(cheapest\)/,
    );
  });

  it("blocks the region on a quota error", async () => {
    const { engine, calls } = scriptedEngine((g) => (g.connection.startsWith("aws-sel") ? "QuotaExceeded" : undefined));
    const result = await provisionWithFailover(engine, offers, request, options);
    expect(calls).toEqual(["create g1:aws-sel-a/mx4", "refine g1-1,g1-2,g1-3,g1-4", "add g2:aws-tyo/mx4"]);
    expect(result.blocks.map((b) => [b.scope, b.region])).toEqual([["region", "sel"]]);
  });

  it("blocks the provider on a credential error", async () => {
    const { engine, calls } = scriptedEngine((g) => (g.connection.startsWith("aws") ? "PermissionDenied" : undefined));
    const result = await provisionWithFailover(engine, offers, request, options);
    expect(calls.at(-1)).toBe("add g2:gcp-sel/mx4");
    expect(result.blocks.map((b) => b.scope)).toEqual(["provider"]);
    expect(result.complete).toBe(true);
  });

  it("blocks only the offer when the spec vanished from the catalog", async () => {
    const { engine, calls } = scriptedEngine((g) =>
      g.connection === "aws-sel-a" && g.specName === "m" ? "NotFound" : undefined,
    );
    await provisionWithFailover(engine, offers, request, options);
    expect(calls.at(-1)).toBe("add g2:aws-sel-b/mx4");
  });

  it("stops at maxAttempts and reports the VMs still failed", async () => {
    const { engine, calls } = scriptedEngine(() => "CapacityUnavailable");
    const result = await provisionWithFailover(engine, offers, request, { ...options, maxAttempts: 2 });
    expect(calls).toEqual(["create g1:aws-sel-a/mx4", "refine g1-1,g1-2,g1-3,g1-4", "add g2:aws-sel-b/mx4"]);
    expect(result.complete).toBe(false);
    expect(result.attempts).toBe(2);
    expect(result.failed.map((vm) => vm.vm)).toEqual(["g2-1", "g2-2", "g2-3", "g2-4"]);
    expect(result.decisions.at(-1)).toEqual(
      expect.objectContaining({ kind: "gave-up", message: "4 VM(s) still failed after 2 attempt(s) (maxAttempts 2)" }),
    );
  });

  it("gives up when no offer is left, saying so", async () => {
    const { engine } = scriptedEngine(() => "PermissionDenied");
    const result = await provisionWithFailover(engine, offers, request, options);
    expect(result.complete).toBe(false);
    expect(result.unplaced).toBe(4);
    expect(result.blocks.map((b) => `${b.scope} ${b.provider}`)).toEqual(["provider AWS", "provider GCP"]);
    expect(result.decisions.at(-1)?.message).toMatch(/^no offer left for 4 VM\(s\): placed 0 of 4 VM\(s\)/);
  });

  it("does not fail over an aborted create", async () => {
    const { engine, calls } = scriptedEngine(() => "Aborted");
    const result = await provisionWithFailover(engine, offers, request, options);
    expect(calls).toEqual(["create g1:aws-sel-a/mx4"]);
    expect(result.decisions.at(-1)).toEqual(
      expect.objectContaining({ kind: "gave-up", message: "the operation was aborted: no failover" }),
    );
  });

  it("keeps the spread when re-planning, counting running VMs", async () => {
    // Two providers wanted; GCP fails, so the replacement must come from a provider other than AWS... none is left,
    // and the spread shortfall is logged while the VMs still get placed on AWS.
    const { engine, calls } = scriptedEngine((g) => (g.connection === "gcp-sel" ? "CapacityUnavailable" : undefined));
    const result = await provisionWithFailover(engine, offers, { ...request, spread: { minProviders: 2 } }, options);
    expect(calls).toEqual(["create g1:aws-sel-a/mx3,g2:gcp-sel/mx1", "refine g2-1", "add g3:aws-sel-a/mx1"]);
    expect(result.running).toHaveLength(4);
    expect(
      result.decisions.some((d) => d.kind === "replanned" && d.message.includes("unmet: spread: 1 of 2 providers")),
    ).toBe(true);
  });

  it("starts from blocks carried over", async () => {
    const { engine, calls } = scriptedEngine(() => undefined);
    await provisionWithFailover(engine, offers, request, {
      ...options,
      blocks: [{ scope: "region", provider: "AWS", region: "sel", code: "QuotaExceeded", reason: "earlier run" }],
    });
    expect(calls).toEqual(["create g1:aws-tyo/mx4"]);
  });
});

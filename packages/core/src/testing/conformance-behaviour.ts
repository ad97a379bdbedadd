import { describe, expect, it } from "vitest";
import { isBaristaError } from "../errors.js";
import type { ErrorCode } from "../errors.js";
import type { CallRecord } from "../history/call-record.js";
import type { CloudBarista } from "../runtime/cloud-barista.js";
import type { Connection } from "../runtime/connection.js";
import type { VmRequest } from "../model/vm.js";
import type { CloudControl } from "./cloud-control.js";

/**
 * The native API names of a few operations, so the suite can inject faults into them and count
 * them ("CreateVpc" on AWS, "neutron:CreateNetwork" on OpenStack).
 */
export interface ConformanceApis {
  /** The call that creates a VPC (network) itself. */
  createVpc: string;
  /** The call that creates one subnet, where a VPC's subnets are made by calls of their own. */
  createSubnet?: string;
  /** The call that reads one VPC. */
  getVpc: string;
  /** The call that starts a VM. */
  startVm: string;
  /** The call that reads one page of security groups. */
  listSecurityGroups: string;
}

export interface BehaviourContext {
  barista: () => CloudBarista;
  connection: () => Connection;
  control: () => CloudControl | undefined;
  apis: ConformanceApis;
  vmBase: () => Omit<VmRequest, "name">;
  timeout: number;
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expect(isBaristaError(error) ? error.code : error, String(error)).toBe(code);
}

/**
 * What a driver must do when the cloud misbehaves, proved against a cloud the suite controls:
 * throttling, refusals, eventual consistency, lost answers, aborts, half-finished creates, and
 * the call history every native call leaves.
 */
export function describeBehaviour(ctx: BehaviourContext): void {
  const { apis, timeout } = ctx;
  const control = (): CloudControl => {
    const found = ctx.control();
    if (!found) throw new Error("the target has no cloud control");
    return found;
  };
  /** This connection's call records, oldest first. */
  const calls = async (filter: (r: CallRecord) => boolean = () => true): Promise<CallRecord[]> => {
    const history = ctx.barista().history;
    await history.flush();
    const records = await history.query({ connection: ctx.connection().name, from: new Date(0) });
    return records.filter(filter);
  };
  const about = (api: string, name: string) => (r: CallRecord) => r.api === api && r.resourceName === name;
  const leftInCloud = (items: { nameId: string }[], prefix: string) => items.filter((i) => i.nameId.startsWith(prefix));

  describe("behaviour when the cloud misbehaves", () => {
    it(
      "retries a throttled call with backoff until it succeeds, recording every attempt",
      async () => {
        const fault = control().fail({ api: apis.createVpc, kind: "throttle", times: 2 });
        await ctx.connection().vpc.create({ name: "cf-throttled", ipv4Cidr: "10.20.0.0/16", subnets: [] });
        expect(fault.fired).toBe(2);
        const attempts = await calls(about(apis.createVpc, "cf-throttled"));
        expect(attempts.map((a) => [a.attempt, a.error?.code])).toEqual([
          [1, "Throttled"],
          [2, "Throttled"],
          [3, undefined],
        ]);
        await ctx.connection().vpc.delete("cf-throttled");
      },
      timeout,
    );

    it(
      "types capacity and quota refusals of a VM start, retries neither, and keeps no name",
      async () => {
        const c = ctx.connection();
        control().fail({ api: apis.startVm, kind: "capacity" });
        await expectCode(c.vm.create({ name: "cf-refused", ...ctx.vmBase() }), "CapacityUnavailable");
        control().fail({ api: apis.startVm, kind: "quota" });
        await expectCode(c.vm.create({ name: "cf-refused", ...ctx.vmBase() }), "QuotaExceeded");
        const starts = await calls(about(apis.startVm, "cf-refused"));
        expect(starts.map((s) => s.error?.code)).toEqual(["CapacityUnavailable", "QuotaExceeded"]);
        await expectCode(c.vm.get("cf-refused"), "NotFound");
        expect(leftInCloud((await c.vm.inventory()).onlyInCloud, "cf-refused")).toEqual([]);
      },
      timeout,
    );

    it(
      "reads a resource right after creating it, while the cloud still says it does not exist",
      async () => {
        const c = ctx.connection();
        control().setInvisibleAfterCreateMs(5_000);
        try {
          const vpc = await c.vpc.create({ name: "cf-fresh", ipv4Cidr: "10.21.0.0/16", subnets: [] });
          expect((await c.vpc.get("cf-fresh")).iid).toEqual(vpc.iid);
        } finally {
          control().setInvisibleAfterCreateMs(0);
        }
        const misses = (await calls(about(apis.getVpc, "cf-fresh"))).filter((r) => r.error);
        expect(misses.length, "the cloud never hid the new VPC").toBeGreaterThan(0);
        expect(misses.every((r) => r.error?.code === "NotFound")).toBe(true);
        await c.vpc.delete("cf-fresh");
      },
      timeout,
    );

    it(
      "leaves exactly one VM, tracked, when the answer to its start was lost",
      async () => {
        const c = ctx.connection();
        const fault = control().fail({ api: apis.startVm, kind: "internal", phase: "after" });
        // A cloud that takes tokens answers the repeat with the same VM; otherwise the create fails
        // without knowing, and reconciling adopts what the cloud made.
        await c.vm.create({ name: "cf-lost", ...ctx.vmBase() }).catch(() => undefined);
        expect(fault.fired).toBe(1);
        await c.reconcile();
        const inventory = await c.vm.inventory();
        expect(inventory.mapped.filter((i) => i.nameId === "cf-lost")).toHaveLength(1);
        expect(leftInCloud(inventory.onlyInCloud, "cf-lost")).toEqual([]);
        await c.vm.delete("cf-lost");
      },
      timeout * 2,
    );

    it.skipIf(apis.createSubnet === undefined)(
      "undoes what a create made when it fails half way, and records the undoing",
      async () => {
        const c = ctx.connection();
        control().fail({ api: apis.createSubnet ?? "", kind: "quota" });
        const subnets = [{ name: "cf-half-a", ipv4Cidr: "10.22.1.0/24" }];
        await expectCode(c.vpc.create({ name: "cf-half", ipv4Cidr: "10.22.0.0/16", subnets }), "QuotaExceeded");
        await expectCode(c.vpc.get("cf-half"), "NotFound");
        expect(leftInCloud((await c.vpc.inventory()).onlyInCloud, "cf-half")).toEqual([]);
        const undone = await calls((r) => r.resourceName === "cf-half" && r.compensating === true);
        expect(undone.length, "no compensating call recorded").toBeGreaterThan(0);
        expect(undone.filter((r) => r.error)).toEqual([]);
      },
      timeout,
    );

    it(
      "gives up a call in flight when the caller aborts",
      async () => {
        const held = control().hold(apis.getVpc);
        const controller = new AbortController();
        const reading = ctx.connection().vpc.get("cf-vpc", { abortSignal: controller.signal });
        await held.arrived;
        controller.abort();
        held.release();
        await expectCode(reading, "Aborted");
        expect((await ctx.connection().vpc.get("cf-vpc")).iid.nameId).toBe("cf-vpc");
      },
      timeout,
    );

    it(
      "records every native call once, under the name the cloud served, from the driver's API table",
      async () => {
        const c = ctx.connection();
        const config = await ctx.barista().connections.get(c.name);
        const table = ctx.barista().drivers.get(config.driver).apis;
        const servedBefore = control().servedApis().length;
        const recordedBefore = (await calls()).length;
        await c.vpc.create({ name: "cf-names", ipv4Cidr: "10.23.0.0/16", subnets: [] });
        await c.vpc.get("cf-names");
        for await (const group of c.securityGroup.list()) expect(group.iid.nameId).not.toBe("");
        await c.vpc.delete("cf-names");
        const all = await calls();
        expect(all.filter((r) => !(r.api in table)).map((r) => r.api)).toEqual([]);
        const recorded = all.slice(recordedBefore).map((r) => r.api);
        // The front may make calls of its own (validating a token): compare the driver's calls.
        const served = control()
          .servedApis()
          .slice(servedBefore)
          .filter((api) => api in table);
        expect([...recorded].sort()).toEqual([...served].sort());
        expect(recorded).toEqual(expect.arrayContaining([apis.createVpc, apis.getVpc, apis.listSecurityGroups]));
      },
      timeout,
    );
  });
}

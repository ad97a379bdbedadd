import { isBaristaError } from "@cloud-barista/core";
import type { BaristaError } from "@cloud-barista/core";
import type { Vm, VmState } from "@cloud-barista/emulator";
import { describe, expect, it } from "vitest";
import type { McisInfo, McisService, McisVmStatus } from "../../src/index.js";
import { group, mcisFixture, regions, worldVms } from "../support.js";
import type { ConnectionName } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

/** The MCIS status of each state of the mock cloud (driver-mock's mapping). */
const statusOfState: Record<VmState, McisVmStatus> = {
  pending: "Creating",
  running: "Running",
  stopping: "Suspending",
  stopped: "Suspended",
  starting: "Resuming",
  rebooting: "Rebooting",
  "shutting-down": "Terminating",
  terminated: "Terminated",
  error: "Failed",
};

/** Every VM the world holds for the MCIS, terminated ones included. */
function cloudVms(world: Parameters<typeof worldVms>[0]): Vm[] {
  return (Object.keys(regions) as ConnectionName[])
    .flatMap((c) => worldVms(world, c))
    .filter((vm) => vm.tags["cb-ns"] === ref.namespace && vm.tags["cb-mcis"] === ref.name);
}

/** The stored MCIS (no cloud reads: what the operation itself recorded), or undefined when there is none. */
async function stored(mcis: McisService): Promise<McisInfo | undefined> {
  try {
    return await mcis.get(ref, { refresh: false });
  } catch (error) {
    if (isBaristaError(error, "NotFound")) return undefined;
    throw error;
  }
}

/**
 * The record says what the cloud holds: every VM the cloud still runs is in it with its true status
 * (and cloud id); every VM in it that the cloud has is there with its true status (a transitional
 * status may have completed since); a VM the cloud never had is not reported as existing.
 */
function expectRecordMatchesCloud(info: McisInfo | undefined, cloud: readonly Vm[]): void {
  const record = info?.vms ?? [];
  for (const vm of cloud.filter((v) => v.state !== "terminated")) {
    const entry = record.find((r) => r.id === vm.tags["cb-vm"]);
    expect(entry, `VM ${vm.tags["cb-vm"]} (${vm.id}) is ${vm.state} in the cloud but not in the record`).toBeDefined();
    expect(entry?.status).toBe(statusOfState[vm.state]);
  }
  for (const entry of record) {
    const vm = cloud.find((v) => v.tags["cb-vm"] === entry.id);
    if (!vm) {
      expect(["Failed", "Undefined", "Terminated"]).toContain(entry.status);
      continue;
    }
    if (entry.systemId !== undefined) expect(entry.systemId).toBe(vm.id);
    const truth = statusOfState[vm.state];
    if (entry.status === "Terminating") expect(["Terminating", "Terminated"]).toContain(truth);
    else expect(entry.status, `VM ${entry.id} is ${vm.state} in the cloud`).toBe(truth);
  }
}

/** A rollback's error lists exactly the VMs the MCIS kept, each with its core name and cloud id. */
function expectLeftoversListed(error: BaristaError, info: McisInfo | undefined): void {
  const kept = info?.vms ?? [];
  expect(error.leftovers).toHaveLength(kept.length);
  for (const vm of kept) {
    const line = error.leftovers.find((l) => l.startsWith(`VM ${vm.id} `));
    expect(line).toContain(vm.coreName);
    expect(line).toContain(`cloud id ${vm.systemId ?? "unknown"}`);
    expect(line).toContain(`): ${vm.status}`);
  }
  if (kept.length > 0) expect(error.retryable).toBe(false);
}

describe("rollback is honest", () => {
  // 20 seeds x 50 VMs at 30% faults on every API (a few seconds); MCIS_ROLLBACK_SEEDS=<n> runs n seeds.
  const seeds = Number(process.env["MCIS_ROLLBACK_SEEDS"] ?? 20);
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error("MCIS_ROLLBACK_SEEDS must be a positive integer");
  it(`createDynamic with policy rollback under 30% faults, ${seeds} seed(s): rejects with leftovers that match the cloud, or leaves nothing`, async () => {
    for (let seed = 1; seed <= seeds; seed++) {
      const { mcis, world } = await mcisFixture({ world: { seed } });
      // Odd seeds: one region is short of capacity, so the run must roll back, under the faults.
      // Even seeds: the faults alone decide.
      if (seed % 2 === 1) world.capacity.limit({ provider: "MOCK", region: "mock-frankfurt", maxVms: 14 });
      world.faults.add({ provider: "MOCK", kind: "internal", probability: 0.3 });
      let error: unknown;
      let result: McisInfo | undefined;
      try {
        result = await mcis.createDynamic({
          ...ref,
          policy: "rollback",
          subGroups: [
            { name: "a", connection: "seoul", spec: "small", image: "ubuntu", size: 17 },
            { name: "b", connection: "virginia", spec: "small", image: "ubuntu", size: 17 },
            { name: "c", connection: "frankfurt", spec: "small", image: "ubuntu", size: 16 },
          ],
        });
      } catch (e) {
        error = e;
      }
      world.faults.clear();
      const info = await stored(mcis);
      const cloud = cloudVms(world);
      if (result) {
        // Never a resolved rollback with VMs left: resolving means every VM runs.
        expect(result.status).toBe("Running:50 (R:50/50)");
      } else {
        expect(isBaristaError(error), String(error)).toBe(true);
        expectLeftoversListed(error as BaristaError, info);
        if (!info) expect(cloud.filter((vm) => vm.state !== "terminated")).toEqual([]);
      }
      expectRecordMatchesCloud(info, cloud);
    }
  }, 120_000);

  it("a create whose rollback cannot terminate some VMs rejects with them as leftovers and keeps exactly them", async () => {
    const { mcis, world, barista } = await mcisFixture();
    world.capacity.limit({ provider: "MOCK", region: "mock-seoul", maxVms: 2 });
    const stuck = world.faults.add({
      provider: "MOCK",
      region: "mock-virginia",
      api: "TerminateInstances",
      kind: "internal",
    });
    const created = mcis.create({
      ...ref,
      policy: "rollback",
      subGroups: [group("g1", "seoul", 3), group("g2", "virginia", 2)],
    });
    const error = await created.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isBaristaError(error, "CapacityUnavailable")).toBe(true);
    const failure = error as BaristaError;
    expect(failure.message).toMatch(/^MCIS "web" rolled back: 1 of 5 VM\(s\) failed; 2 VM\(s\) could not be removed/);
    const info = await stored(mcis);
    // The seoul VMs went; the virginia ones stay, running, in an idle MCIS that holds only them.
    expect(info?.vms.map((vm) => `${vm.id}:${vm.status}`)).toEqual(["g2-1:Running", "g2-2:Running"]);
    expect(info?.subGroups.map((g) => g.name)).toEqual(["g2"]);
    expect(info?.targetAction).toBe("None");
    expect(info?.vms.every((vm) => vm.reason?.action === "Terminate")).toBe(true);
    expectLeftoversListed(failure, info);
    expectRecordMatchesCloud(info, cloudVms(world));
    // Each VM's termination was tried under the retry policy: core's tries of each SDK try.
    const { maxAttempts } = barista.shared.retryPolicy;
    const tries = await barista.history.query({ api: "TerminateInstances", connection: "virginia" });
    expect(tries).toHaveLength(2 * maxAttempts * maxAttempts);
    // Once the cloud lets go, the leftovers can be deleted like any MCIS.
    stuck.remove();
    await mcis.delete(ref, { terminate: true });
    expect(await stored(mcis)).toBeUndefined();
    expect(cloudVms(world).filter((vm) => vm.state !== "terminated")).toEqual([]);
  });

  it("records what the cloud reports for a VM whose termination did not finish, never its old status", async () => {
    // Terminating takes the cloud 3 hours: core gives up waiting (timeouts.vmTerminatedMs) on every try.
    const { mcis, world } = await mcisFixture({ world: { timing: { vmTerminateMs: 3 * 3_600_000 } } });
    world.capacity.limit({ provider: "MOCK", region: "mock-seoul", maxVms: 1 });
    const error = await mcis.create({ ...ref, policy: "rollback", subGroups: [group("g1", "seoul", 2)] }).then(
      () => undefined,
      (e: unknown) => e as BaristaError,
    );
    expect(error?.code).toBe("CapacityUnavailable");
    const info = await stored(mcis);
    expect(info?.vms.map((vm) => `${vm.id}:${vm.status}:${vm.reason?.code}`)).toEqual(["g1-1:Terminating:Timeout"]);
    expectLeftoversListed(error as BaristaError, info);
    expectRecordMatchesCloud(info, cloudVms(world));
  });

  it("a scale-out whose rollback cannot terminate a new VM rejects with it as a leftover", async () => {
    const { mcis, world } = await mcisFixture();
    await mcis.create({ ...ref, policy: "rollback", subGroups: [group("g1", "seoul", 2)] });
    world.capacity.limit({ provider: "MOCK", region: "mock-seoul", maxVms: 3 });
    world.faults.add({ provider: "MOCK", region: "mock-seoul", api: "TerminateInstances", kind: "internal" });
    const error = await mcis.scaleOut({ ...ref, subGroup: "g1" }, 2).then(
      () => undefined,
      (e: unknown) => e as BaristaError,
    );
    expect(error?.code).toBe("CapacityUnavailable");
    expect(error?.message).toMatch(/^scale-out of MCIS "web" rolled back: 1 of 2 VM\(s\) failed; 1 VM\(s\) could not/);
    const info = await stored(mcis);
    const made = info?.vms.find((vm) => vm.id === "g1-3" || vm.id === "g1-4");
    expect(info?.vms.map((vm) => vm.status)).toEqual(["Running", "Running", "Running"]);
    expect(error?.leftovers).toEqual([
      expect.stringContaining(`VM ${made?.id} (core name ${made?.coreName}, cloud id ${made?.systemId}`),
    ]);
    expect(info?.targetAction).toBe("None");
    expectRecordMatchesCloud(info, cloudVms(world));
  });
});

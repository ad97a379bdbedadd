import { isBaristaError } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import type { McisProgressEvent } from "../../src/index.js";
import { group, mcisFixture, worldVms } from "../support.js";

const ref = { namespace: "ns1", name: "web" };

async function conflict(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isBaristaError(error, "Conflict")) return error.message;
    throw error;
  }
  throw new Error("expected a Conflict");
}

async function fixture(options: Parameters<typeof mcisFixture>[0] = {}) {
  const f = await mcisFixture(options);
  await f.mcis.create({ ...ref, subGroups: [group("g1", "seoul", 2), group("g2", "virginia", 2)] });
  const calls = async (api: string): Promise<number> => (await f.barista.history.query({ api })).length;
  return { ...f, calls };
}

describe("lifecycle", () => {
  it("suspends, resumes, reboots and terminates a whole MCIS", async () => {
    const { mcis, world, calls } = await fixture();
    const events: McisProgressEvent[] = [];
    const suspended = await mcis.suspend(ref, { onProgress: (e) => events.push(e) });
    expect(suspended).toMatchObject({ status: "Suspended:4 (R:0/4)", targetAction: "None", targetStatus: "None" });
    expect(worldVms(world, "seoul").map((vm) => vm.state)).toEqual(["stopped", "stopped"]);
    expect(events.filter((e) => e.type === "suspended")).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({ action: "Suspend", done: 4, total: 4 });

    expect((await mcis.resume(ref)).status).toBe("Running:4 (R:4/4)");
    expect(await calls("StartInstances")).toBe(4);
    expect((await mcis.reboot(ref)).status).toBe("Running:4 (R:4/4)");
    expect(await calls("RebootInstances")).toBe(4);

    const terminated = await mcis.terminate(ref);
    expect(terminated).toMatchObject({
      status: "Terminated:4 (R:0/4)",
      targetAction: "Terminate",
      targetStatus: "Terminated",
    });
    expect(terminated.vms.every((vm) => vm.targetAction === "Terminate" && vm.targetStatus === "Terminated")).toBe(
      true,
    );
    expect(worldVms(world, "virginia").map((vm) => vm.state)).toEqual(["terminated", "terminated"]);
  });

  it("acts on one sub-group or one VM", async () => {
    const { mcis, world } = await fixture();
    const info = await mcis.suspend({ ...ref, subGroup: "g1" });
    // Two Suspended and two Running: Suspended wins the tie.
    expect(info.status).toBe("Partial-Suspended:2 (R:2/4)");
    expect(worldVms(world, "virginia").map((vm) => vm.state)).toEqual(["running", "running"]);
    const one = await mcis.terminate({ ...ref, vm: "g2-1" });
    expect(one.vms.map((vm) => `${vm.id}:${vm.status}`)).toEqual([
      "g1-1:Suspended",
      "g1-2:Suspended",
      "g2-1:Terminated",
      "g2-2:Running",
    ]);
    expect(one.status).toBe("Partial-Suspended:2 (R:1/4)");
    await expect(mcis.reboot({ ...ref, vm: "g9-1" })).rejects.toMatchObject({ code: "NotFound" });
    await expect(mcis.reboot({ ...ref, subGroup: "g9" })).rejects.toMatchObject({ code: "NotFound" });
    await expect(mcis.reboot({ ...ref, vm: "G1" })).rejects.toMatchObject({ code: "InvalidArgument", field: "vm" });
    await expect(mcis.reboot({ ...ref, vm: "g1-1", subGroup: "g1" })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "subGroup",
    });
  });

  it("applies Tumblebug's transitions: Suspended takes resume or terminate only, Terminated is final", async () => {
    const { mcis, calls } = await fixture();
    await mcis.suspend(ref);
    expect(await conflict(mcis.reboot(ref))).toMatch(
      /cannot reboot MCIS "web": VM g1-1 is Suspended: resume or terminate it/,
    );
    expect(await conflict(mcis.suspend(ref))).toMatch(/nothing to suspend in MCIS "web": VM g1-1 is already Suspended/);
    expect(await conflict(mcis.suspend({ ...ref, vm: "g1-1" }))).toMatch(/already Suspended/);
    await mcis.terminate({ ...ref, subGroup: "g2" });
    // Group actions pass over terminated VMs...
    expect((await mcis.resume(ref)).status).toBe("Partial-Running:2 (R:2/4)");
    // ...single ones refuse them; terminating again changes nothing.
    expect(await conflict(mcis.resume({ ...ref, vm: "g2-1" }))).toMatch(/Terminated, which is final/);
    const before = await calls("TerminateInstances");
    await mcis.terminate({ ...ref, subGroup: "g2" });
    expect(await calls("TerminateInstances")).toBe(before);
  });

  it("accepts a retry of the action in flight, and nothing else, while VMs are on their way", async () => {
    const { mcis, calls } = await fixture();
    const started = await mcis.suspend(ref, { wait: false });
    expect(started.vms.every((vm) => vm.status === "Suspending" && vm.targetAction === "Suspend")).toBe(true);
    expect((await mcis.get(ref)).status).toBe("Suspending:4 (R:0/4)");
    expect((await mcis.get(ref)).targetAction).toBe("Suspend");
    expect(await conflict(mcis.resume(ref))).toMatch(
      /VM g1-1 is Suspending \(Suspend in progress\); only a retry of Suspend is accepted/,
    );
    expect(await conflict(mcis.terminate({ ...ref, vm: "g1-1" }))).toMatch(/only a retry of Suspend/);
    // The retry does not ask the cloud again (the VMs already move); it waits for them.
    const done = await mcis.suspend(ref);
    expect(done.status).toBe("Suspended:4 (R:0/4)");
    expect(await calls("StopInstances")).toBe(4);
    expect((await mcis.get(ref)).targetAction).toBe("None");
  });

  it("sends a retried action again to a VM the cloud never moved", async () => {
    const { mcis, world, calls } = await fixture();
    // The cloud refuses StopInstances for g1's VMs once each: their suspend fails, they stay Running.
    world.faults.add({ provider: "MOCK", region: "mock-seoul", api: "StopInstances", kind: "internal", times: 2 });
    const partial = await mcis.suspend(ref);
    expect(partial.vms.map((vm) => `${vm.id}:${vm.status}`)).toEqual([
      "g1-1:Running",
      "g1-2:Running",
      "g2-1:Suspended",
      "g2-2:Suspended",
    ]);
    expect(partial.vms[0]?.reason).toMatchObject({ code: "ProviderError", action: "Suspend", connection: "seoul" });
    const again = await mcis.suspend({ ...ref, subGroup: "g1" });
    expect(again.status).toBe("Suspended:4 (R:0/4)");
    expect(again.vms[0]?.reason).toBeUndefined();
    expect(await calls("StopInstances")).toBe(6);
  });

  it("refuses actions while a create is in flight in another process", async () => {
    const { mcis, restart, world } = await mcisFixture();
    const other = await restart();
    // As soon as the first VM is requested, the second instance (its own lock) tries to act.
    let probe: Promise<[string, string]> | undefined;
    const creating = mcis.create(
      { ...ref, subGroups: [group("g1", "seoul", 2)] },
      {
        onProgress: (e) => {
          probe ??= (async (): Promise<[string, string]> => {
            const status = (await other.mcis.get(ref, { refresh: false })).status;
            return [e.type, `${status} / ${await conflict(other.mcis.suspend(ref))}`];
          })();
        },
      },
    );
    expect((await creating).status).toBe("Running:2 (R:2/2)");
    const [first, seen] = (await probe) ?? ["", ""];
    expect(first).toBe("requested");
    expect(seen).toMatch(/^Creating:2 \(R:0\/2\) \/ MCIS "web" has a create in progress elsewhere or interrupted/);
    expect(worldVms(world, "seoul")).toHaveLength(2);
    expect((await other.mcis.suspend(ref)).status).toBe("Suspended:2 (R:0/2)");
  });
});

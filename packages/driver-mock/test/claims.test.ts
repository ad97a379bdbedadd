import { MemoryStore, VirtualClock, defaultOperationTimeouts } from "@cloud-barista/core";
import type { Store, StoreLeases } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { network, runtimeFixture } from "./runtime-setup.js";
import { until } from "@cloud-barista/test-support";

// Two SDK instances on one store, in one process: a memory store's leases are not shared, so each
// instance locks in its own memory only and nothing but the name claims keeps their creates apart.
// That is the second line of defence behind the Sponge Lock of a shared store: it must hold alone.
// (Real processes on shared stores: test/cross-process/.)

/** The store as one instance sees it; `stopRenewals()` cuts its lease renewals off from then on. */
function renewalsCuttable(inner: Store): { store: Store; stopRenewals: () => void } {
  let cut = false;
  const leases = inner.leases as StoreLeases;
  const store: Store = {
    leases: {
      clock: leases.clock,
      shared: leases.shared,
      grant: (ttlMs, o) => leases.grant(ttlMs, o),
      keepAlive: (id, o) => (cut ? Promise.reject(new Error("store unreachable")) : leases.keepAlive(id, o)),
      revoke: (id, o) => leases.revoke(id, o),
    },
    get: (key, o) => inner.get(key, o),
    put: (key, value, o) => inner.put(key, value, o),
    delete: (key, o) => inner.delete(key, o),
    list: (prefix, o) => inner.list(prefix, o),
    commit: (ops, o) => inner.commit(ops, o),
    close: () => inner.close(),
  };
  return {
    store,
    stopRenewals: () => {
      cut = true;
    },
  };
}

describe("name claims between SDK instances sharing a store", () => {
  it("never takes over a create still in flight, however long the cloud takes", async () => {
    const clock = new VirtualClock();
    const store = new MemoryStore({ clock });
    const a = await runtimeFixture({ clock, store });
    const request = { name: "web", ...(await network(a.conn)) };
    const b = await a.restart();

    const held = a.control.hold("RunInstances");
    const first = a.conn.vm.create(request, { wait: false });
    await held.arrived;
    // The cloud answers after retries and timeouts, long past pendingSettleMs.
    clock.advance(defaultOperationTimeouts.pendingSettleMs + 5 * 60_000);
    await expect(b.conn.vm.create(request, { wait: false })).rejects.toMatchObject({
      code: "Conflict",
      retryable: true,
      message: expect.stringContaining("is being created by another operation"),
    });
    expect(await b.conn.reconcile()).toEqual({ adopted: [], dropped: [], pending: ["vm/web"] });

    held.release();
    const made = await first;
    await expect(b.conn.vm.create(request, { wait: false })).rejects.toMatchObject({ code: "AlreadyExists" });
    const vms = a.cloud().vms.list().items;
    expect(vms.map((vm) => vm.id)).toEqual([made.iid.systemId]);
    expect((await b.conn.vm.get("web")).iid.systemId).toBe(made.iid.systemId);
    await b.barista.close();
  });

  it("deletes what a create made when its claim was taken over, and fails with claim-lost", async () => {
    const clock = new VirtualClock();
    const shared = new MemoryStore({ clock });
    const view = renewalsCuttable(shared);
    // A short lease, so that the instance that stops renewing is given up on quickly.
    const a = await runtimeFixture({ clock, store: view.store, barista: { leaseTtlMs: 200 } });
    const request = { name: "web", ...(await network(a.conn)) };
    const b = await a.restart(shared);

    const held = a.control.hold("RunInstances");
    const first = a.conn.vm.create(request, { wait: false });
    first.catch(() => undefined);
    await held.arrived;
    view.stopRenewals(); // a is cut off from the store's leases: to the others, it is gone
    // Once a's lease is over, b finds the claim without a live creator: it settles it from now on.
    await until(async () => {
      const attempt = await b.conn.vm.create(request, { wait: false }).then(
        () => "created",
        (e: { message?: string }) => e.message ?? "",
      );
      return attempt.includes("may still be in progress");
    });
    expect(await b.conn.reconcile()).toEqual({ adopted: [], dropped: [], pending: ["vm/web"] });
    clock.advance(defaultOperationTimeouts.pendingSettleMs);
    const second = await b.conn.vm.create(request, { wait: false });

    held.release(); // the cloud finally makes a's VM, and answers a
    await expect(first).rejects.toMatchObject({ name: "BaristaError", code: "Conflict", rule: "claim-lost" });
    const running = a
      .cloud()
      .vms.list()
      .items.filter((vm) => vm.state !== "terminated" && vm.state !== "shutting-down");
    expect(running.map((vm) => vm.id)).toEqual([second.iid.systemId]);
    expect((await a.conn.vm.get("web")).iid.systemId).toBe(second.iid.systemId);
    const undo = await a.barista.history.query({ api: "TerminateInstances" });
    expect(undo.map((r) => r.compensating)).toEqual([true]);
    await b.barista.close();
  });

  it("settles a claim whose create lost its answer only pendingSettleMs after it let go, not after it began", async () => {
    const clock = new VirtualClock();
    const store = new MemoryStore({ clock });
    const a = await runtimeFixture({ clock, store });
    a.world.faults.add({ provider: "MOCK", api: "CreateVpc", kind: "internal", times: 1 });
    const b = await a.restart();
    const held = a.control.hold("CreateVpc");
    const create = a.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    await held.arrived;
    clock.advance(10 * 60_000); // the answer (a 5xx: maybe made, maybe not) comes ten minutes later
    held.release();
    await expect(create).rejects.toMatchObject({ code: "ProviderError" });
    await a.barista.close();
    expect(await b.conn.reconcile()).toEqual({ adopted: [], dropped: [], pending: ["vpc/net"] });
    clock.advance(defaultOperationTimeouts.pendingSettleMs - 1);
    expect(await b.conn.reconcile()).toEqual({ adopted: [], dropped: [], pending: ["vpc/net"] });
    clock.advance(1);
    expect(await b.conn.reconcile()).toEqual({ adopted: [], dropped: ["vpc/net"], pending: [] });
    await b.barista.close();
  });
});

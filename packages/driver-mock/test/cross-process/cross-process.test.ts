import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { collect, createCloudBarista, openSqliteStore, scaledClock } from "@cloud-barista/core";
import type { Clock, CloudBarista, SqliteStore, VmRequest } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { startMockFront } from "@cloud-barista/emulator/mock";
import type { InterceptedCall, RunningMockFront } from "@cloud-barista/emulator/mock";
import { startJsonLineChild, until } from "@cloud-barista/test-support";
import type { JsonLineChild } from "@cloud-barista/test-support";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { createMockDriver } from "../../src/index.js";
import type { ChildArgs, ChildEvent } from "./child.js";

// Several SDK instances in several processes share one SQLite file, as the processes of a SaaS
// server do. The cloud (a world behind the mock front) lives here, in the parent, which decides
// when the cloud answers, and watches the processes through the Sponge Lock's holders().

const here = fileURLToPath(new URL(".", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "cb-cross-process-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Emulated time runs 100 times faster: the default pendingSettleMs (2 min) passes in 1.2 s. */
const scale = 100;
/** Real time: how long the keys and claims of a dead process outlive it. */
const leaseTtlMs = 1000;
const encryptionKey = randomBytes(32);
const account = "tenant-a";

/** A child process running child.ts; it starts its operation on the line "go". */
type Child = JsonLineChild<ChildEvent>;
const startChild = (args: ChildArgs): Child =>
  startJsonLineChild<ChildEvent>(join(here, "child.ts"), args, { stdin: true });

interface Scene {
  clock: Clock;
  world: World;
  front: RunningMockFront;
  /** Every call the cloud saw, in order: "RunInstances:before", "RunInstances:after", ... */
  calls: string[];
  /** Holds the next call of `api` before the world runs it; `release` lets it go on or drops it. */
  hold(api: string): { arrived: Promise<void>; release(outcome: "continue" | "drop"): void };
  barista: CloudBarista;
  request: VmRequest;
  child(operation: ChildArgs["operation"], settleMs?: number): Promise<Child>;
}

async function scene(): Promise<Scene> {
  const clockOriginMs = Date.now();
  const clock = scaledClock(scale, clockOriginMs);
  const world = new World({ clock, timing: { jitterRatio: 0 } });
  const calls: string[] = [];
  const holds: { api: string; arrive: () => void; released: Promise<"continue" | "drop"> }[] = [];
  const intercept = async (call: InterceptedCall): Promise<"continue" | "drop"> => {
    calls.push(`${call.api}:${call.phase}`);
    const at = call.phase === "before" ? holds.findIndex((h) => h.api === call.api) : -1;
    const held = at < 0 ? undefined : holds.splice(at, 1)[0];
    if (!held) return "continue";
    held.arrive();
    return held.released;
  };
  const front = await startMockFront({ world, intercept });
  const dbPath = join(dir, `${randomBytes(4).toString("hex")}.db`);
  const store: SqliteStore = await openSqliteStore({ path: dbPath });
  const barista = createCloudBarista({ store, clock, encryptionKey, leaseTtlMs });
  barista.drivers.register(createMockDriver({ endpoint: front.url }));
  const children: Child[] = [];
  onTestFinished(async () => {
    await Promise.all(children.map((c) => c.kill()));
    await barista.close();
    await store.close();
    await front.close();
  });

  await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: account } });
  await barista.regions.add({ name: "seoul", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
  await barista.connections.add({ name: "seoul", driver: "mock", credential: "cred", region: "seoul" });
  const conn = await barista.connection("seoul");
  await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] });
  await conn.securityGroup.create({ name: "ssh", vpcName: "net", rules: [] });
  await conn.keyPair.create({ name: "key" });
  const image = (await collect(conn.metadata.images())).find((i) => i.osPlatform === "Linux/UNIX");
  const spec = (await collect(conn.metadata.specs())).find((s) => s.architecture === "x86_64");
  const request: VmRequest = {
    name: "web-1",
    image: image?.id ?? "",
    specName: spec?.name ?? "",
    vpcName: "net",
    subnetName: "web",
    securityGroupNames: ["ssh"],
    keyPairName: "key",
  };

  return {
    clock,
    world,
    front,
    calls,
    barista,
    request,
    hold(api) {
      let arrive = (): void => undefined;
      let release = (_: "continue" | "drop"): void => undefined;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<"continue" | "drop">((resolve) => (release = resolve));
      holds.push({ api, arrive, released });
      return { arrived, release };
    },
    async child(operation, settleMs = 120_000) {
      const args: ChildArgs = {
        dbPath,
        endpoint: front.url,
        encryptionKeyHex: encryptionKey.toString("hex"),
        clockScale: scale,
        clockOriginMs,
        leaseTtlMs,
        pendingSettleMs: settleMs,
        operation,
      };
      const child = startChild(args);
      children.push(child);
      await child.next((e) => e.event === "started");
      return child;
    },
  };
}

const finished = (e: ChildEvent): boolean => e.event === "done" || e.event === "failed";

/** Waits for a held call to reach the cloud, failing at once should the child end first. */
async function arrival(held: { arrived: Promise<void> }, child: Child): Promise<void> {
  const ended = child.next(finished).then((e) => {
    throw new Error(`the child ended before its call reached the cloud: ${JSON.stringify(e)}`);
  });
  ended.catch(() => undefined);
  await Promise.race([held.arrived, ended]);
}
const liveVms = (s: Scene) =>
  s.world
    .accountRegion({ provider: "MOCK", account, region: "mock-seoul" })
    .vms.list()
    .items.filter((vm) => vm.state !== "terminated" && vm.state !== "shutting-down");

describe("SDK instances in several processes sharing an SQLite file", () => {
  it("make one VM for one name, however slowly the cloud answers the first create", async () => {
    const s = await scene();
    const [a, b] = await Promise.all([
      s.child({ kind: "createVm", request: s.request }),
      s.child({ kind: "createVm", request: s.request }),
    ]);
    const held = s.hold("RunInstances");
    a.send("go");
    await arrival(held, a);
    await s.clock.sleep(125_000); // the cloud takes 125 s and more: past pendingSettleMs
    b.send("go");
    // b waits for a's exclusive key on the name, in the store.
    await until(async () =>
      (await s.barista.lock.holders()).some((h) => h.owner.pid === b.pid && h.state === "waiting"),
    );
    expect(s.calls.filter((c) => c === "RunInstances:before")).toHaveLength(1);
    held.release("continue");

    const [first, second] = await Promise.all([a.next(finished), b.next(finished)]);
    expect(first).toMatchObject({ event: "done" });
    expect(second).toMatchObject({ event: "failed", code: "AlreadyExists" });
    const made = first.event === "done" ? first.systemId : undefined;
    expect(liveVms(s).map((vm) => vm.id)).toEqual([made]);
    expect((await (await s.barista.connection("seoul")).vm.get("web-1")).iid.systemId).toBe(made);
    expect(await s.barista.lock.holders()).toEqual([]);
  });

  it("take over the name of a create whose process died, once its lease is over and the create settled", async () => {
    const s = await scene();
    const settleMs = 20_000;
    const [a, b] = await Promise.all([
      s.child({ kind: "createVm", request: s.request }),
      s.child({ kind: "createVm", request: s.request, retryWhileSettling: true }, settleMs),
    ]);
    const held = s.hold("RunInstances");
    a.send("go");
    await arrival(held, a);
    await a.kill(); // SIGKILL: a's keys and claim stay in the file until its lease expires
    held.release("drop"); // a's request dies with it: the cloud never makes that VM
    b.send("go");

    const outcome = await b.next(finished);
    expect(outcome).toMatchObject({ event: "done" });
    // b first found the claim without a live creator and gave the cloud pendingSettleMs to finish it.
    expect(b.events.find((e) => e.event === "refused")).toMatchObject({
      code: "Conflict",
      retryable: true,
      message: expect.stringContaining("may still be in progress"),
    });
    const made = outcome.event === "done" ? outcome.systemId : undefined;
    expect(liveVms(s).map((vm) => vm.id)).toEqual([made]);
    expect((await (await s.barista.connection("seoul")).vm.get("web-1")).iid.systemId).toBe(made);
  });

  it("keep a security group from being deleted while another process creates a VM with it", async () => {
    const s = await scene();
    const [creator, deleter] = await Promise.all([
      s.child({ kind: "createVm", request: s.request }),
      s.child({ kind: "deleteSecurityGroup", name: "ssh" }),
    ]);
    const held = s.hold("RunInstances");
    creator.send("go");
    await arrival(held, creator);
    deleter.send("go");
    await until(async () =>
      (await s.barista.lock.holders()).some(
        (h) => h.owner.pid === deleter.pid && h.operation === "securityGroup.delete" && h.state === "waiting",
      ),
    );
    const holders = await s.barista.lock.holders();
    expect(
      holders.find((h) => h.owner.pid === creator.pid && h.key.path === "seoul/securityGroup/net/ssh"),
    ).toMatchObject({
      mode: "shared",
      operation: "vm.create",
      state: "holding",
    });
    held.release("continue");
    const [created, deleted] = await Promise.all([creator.next(finished), deleter.next(finished)]);
    expect(created).toMatchObject({ event: "done" });
    // The delete reached the cloud only after the VM existed, and the cloud refused it: in use.
    expect(s.calls.indexOf("DeleteSecurityGroup:before")).toBeGreaterThan(s.calls.indexOf("RunInstances:after"));
    expect(deleted).toMatchObject({ event: "failed", code: "Conflict" });
    const [vm] = liveVms(s);
    expect(vm?.securityGroups).toHaveLength(1);
  });
});

import { describe, expect, it } from "vitest";
import type { World } from "../../src/index.js";
import { project, reasonOf, start } from "./support.js";

// Compute Engine instances on the wire: raw REST calls as the Node client sends them.

const zone = "us-central1-a";
const debian = "projects/debian-cloud/global/images/family/debian-12";

/** The project's "default" network with one subnetwork in us-central1, made in the world directly. */
function withNetwork(world: World): void {
  world
    .accountRegion({ provider: "GCP", account: project, region: "us-central1" })
    .vpcs.create({ name: "default", subnets: [{ name: "default", cidr: "10.128.0.0/20" }] });
}

function instanceBody(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    machineType: `zones/${zone}/machineTypes/e2-medium`,
    disks: [
      {
        boot: true,
        autoDelete: true,
        initializeParams: { sourceImage: debian, diskSizeGb: "20", diskType: `zones/${zone}/diskTypes/pd-balanced` },
      },
    ],
    networkInterfaces: [
      { network: "global/networks/default", accessConfigs: [{ type: "ONE_TO_ONE_NAT", name: "External NAT" }] },
    ],
    metadata: { items: [{ key: "ssh-keys", value: "cb-user:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB cb-user" }] },
    labels: { env: "test" },
    tags: { items: ["web"] },
    ...extra,
  };
}

async function setup() {
  const started = await start();
  withNetwork(started.world);
  const { send, compute } = started;
  const instance = (name: string, suffix = "") => compute(`zones/${zone}/instances/${name}${suffix}`);
  const op = async (answer: { json: Record<string, unknown> }) =>
    (await send("GET", compute(`zones/${zone}/operations/${String(answer.json["name"])}`))).json;
  return { ...started, instance, op };
}

describe("GCP instances", () => {
  it("inserts an instance whose status goes PROVISIONING, STAGING, RUNNING on the world's clock", async () => {
    const { send, compute, clock, world, instance, op } = await setup();
    const inserted = await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody("web-1") });
    expect(inserted.status).toBe(200);
    expect(inserted.json).toMatchObject({
      kind: "compute#operation",
      operationType: "insert",
      status: "PENDING",
      targetLink: expect.stringMatching(new RegExp(`/projects/${project}/zones/${zone}/instances/web-1$`)),
      zone: expect.stringMatching(new RegExp(`/zones/${zone}$`)),
    });
    const first = await send("GET", instance("web-1"));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      kind: "compute#instance",
      name: "web-1",
      status: "PROVISIONING",
      machineType: expect.stringMatching(/\/zones\/us-central1-a\/machineTypes\/e2-medium$/),
      labels: { env: "test" },
      tags: { items: ["web"] },
      metadata: { items: [{ key: "ssh-keys" }] },
      scheduling: { onHostMaintenance: "MIGRATE", automaticRestart: true, preemptible: false },
    });
    expect(first.json["id"]).toBe(inserted.json["targetId"]);
    const byId = await send("GET", instance(String(first.json["id"])));
    expect(byId.json["name"]).toBe("web-1");
    const nic = (first.json["networkInterfaces"] as Record<string, unknown>[])[0];
    expect(nic).toMatchObject({ name: "nic0", network: expect.stringMatching(/\/global\/networks\/default$/) });
    expect(String(nic?.["networkIP"])).toMatch(/^10\.128\.0\.\d+$/);
    clock.advance(world.timing.vmBootMs / 2);
    expect((await send("GET", instance("web-1"))).json["status"]).toBe("STAGING");
    clock.advance(world.timing.vmBootMs / 2);
    const running = await send("GET", instance("web-1"));
    expect(running.json["status"]).toBe("RUNNING");
    const access = (running.json["networkInterfaces"] as { accessConfigs: Record<string, unknown>[] }[])[0]
      ?.accessConfigs[0];
    expect(access).toMatchObject({ type: "ONE_TO_ONE_NAT", name: "External NAT" });
    expect(String(access?.["natIP"])).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await op(inserted)).toMatchObject({ status: "DONE", progress: 100 });
    expect(running.json["disks"]).toEqual([
      expect.objectContaining({
        boot: true,
        autoDelete: true,
        deviceName: "persistent-disk-0",
        diskSizeGb: "20",
        source: expect.stringMatching(/\/zones\/us-central1-a\/disks\/web-1$/),
      }),
    ]);
    const boot = await send("GET", compute(`zones/${zone}/disks/web-1`));
    expect(boot.json).toMatchObject({
      sizeGb: "20",
      status: "READY",
      type: expect.stringMatching(/\/diskTypes\/pd-balanced$/),
      sourceImage: expect.stringMatching(/\/projects\/debian-cloud\/global\/images\/debian-12-bookworm-v\d{8}$/),
      users: [expect.stringMatching(/\/instances\/web-1$/)],
    });
  });

  it("refuses what Compute Engine refuses: bad names, duplicates, bare machine types, unknown images", async () => {
    const { send, compute, clock } = await setup();
    const insert = (body: Record<string, unknown>) => send("POST", compute(`zones/${zone}/instances`), { body });
    const badName = await insert(instanceBody("Web_1"));
    expect(badName.status).toBe(400);
    expect(reasonOf(badName)).toBe("invalid");
    expect((await insert(instanceBody("web-1"))).status).toBe(200);
    clock.advance(1000);
    const again = await insert(instanceBody("web-1"));
    expect(again.status).toBe(409);
    expect(reasonOf(again)).toBe("alreadyExists");
    const bare = await insert(instanceBody("web-2", { machineType: "e2-medium" }));
    expect(bare.status).toBe(400);
    const unknownType = await insert(instanceBody("web-2", { machineType: `zones/${zone}/machineTypes/e9-huge` }));
    expect(unknownType.status).toBe(400);
    expect(JSON.stringify(unknownType.json)).toMatch(/Machine type with name 'e9-huge' does not exist/);
    const noImage = await insert(
      instanceBody("web-2", {
        disks: [{ boot: true, initializeParams: { sourceImage: "projects/debian-cloud/global/images/family/nope" } }],
      }),
    );
    expect(noImage.status).toBe(404);
    expect(reasonOf(noImage)).toBe("notFound");
    const small = await insert(
      instanceBody("web-2", { disks: [{ boot: true, initializeParams: { sourceImage: debian, diskSizeGb: "5" } }] }),
    );
    expect(small.status).toBe(400);
    const noNic = await insert(instanceBody("web-2", { networkInterfaces: [] }));
    expect(noNic.status).toBe(400);
    const list = await send("GET", compute(`zones/${zone}/instances`));
    expect((list.json["items"] as { name: string }[]).map((i) => i.name)).toEqual(["web-1"]);
    const missing = await send("GET", compute(`zones/${zone}/instances/nope`));
    expect(missing.status).toBe(404);
    expect(reasonOf(missing)).toBe("notFound");
  });

  it("ends the insert Operation in ZONE_RESOURCE_POOL_EXHAUSTED or QUOTA_EXCEEDED and leaves nothing behind", async () => {
    const { send, compute, clock, world, op } = await setup();
    const limit = world.capacity.limit({ provider: "GCP", zone, maxVms: 0 });
    const exhausted = await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody("web-1") });
    expect(exhausted.status).toBe(200);
    expect(exhausted.json["status"]).not.toBe("DONE");
    clock.advance(world.timing.vmBootMs);
    const done = await op(exhausted);
    expect(done).toMatchObject({
      status: "DONE",
      httpErrorStatusCode: 503,
      error: { errors: [{ code: "ZONE_RESOURCE_POOL_EXHAUSTED" }] },
    });
    expect((await send("GET", compute(`zones/${zone}/instances/web-1`))).status).toBe(404);
    expect((await send("GET", compute(`zones/${zone}/disks/web-1`))).status).toBe(404);
    limit.remove();
    world.quotas.set({ provider: "GCP" }, { vcpus: 1 });
    const quota = await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody("web-1") });
    clock.advance(world.timing.vmBootMs);
    expect(await op(quota)).toMatchObject({
      status: "DONE",
      httpErrorStatusCode: 403,
      error: { errors: [{ code: "QUOTA_EXCEEDED", message: expect.stringMatching(/Quota 'CPUS' exceeded/) }] },
    });
    const disks = await send("GET", compute(`zones/${zone}/disks`));
    expect(disks.json["items"]).toBeUndefined();
    // A build the world fails in the background ends the same way.
    world.quotas.reset();
    world.faults.add({
      provider: "GCP",
      api: "compute.instances.insert",
      kind: "capacity",
      phase: "background",
      times: 1,
    });
    const background = await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody("web-1") });
    clock.advance(world.timing.vmBootMs);
    expect(await op(background)).toMatchObject({ error: { errors: [{ code: "ZONE_RESOURCE_POOL_EXHAUSTED" }] } });
    expect((await send("GET", compute(`zones/${zone}/instances/web-1`))).status).toBe(404);
    const retried = await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody("web-1") });
    clock.advance(world.timing.vmBootMs);
    expect((await op(retried))["error"]).toBeUndefined();
    expect((await send("GET", compute(`zones/${zone}/instances/web-1`))).json["status"]).toBe("RUNNING");
  });

  it("stops, starts, suspends, resumes and resets with Compute Engine's statuses", async () => {
    const { send, compute, clock, world, instance, op } = await setup();
    await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody("web-1") });
    clock.advance(world.timing.vmBootMs);
    const status = async () => (await send("GET", instance("web-1"))).json["status"];
    const stopped = await send("POST", instance("web-1", "/stop"));
    expect(stopped.json).toMatchObject({ operationType: "stop" });
    expect(await status()).toBe("STOPPING");
    clock.advance(world.timing.vmStopMs - 1);
    expect((await op(stopped))["status"]).toBe("RUNNING");
    clock.advance(1);
    expect((await op(stopped))["status"]).toBe("DONE");
    expect(await status()).toBe("TERMINATED");
    const stoppedView = (await send("GET", instance("web-1"))).json;
    expect(JSON.stringify(stoppedView["networkInterfaces"])).not.toMatch(/natIP/);
    expect(stoppedView["lastStopTimestamp"]).toEqual(expect.any(String));
    const resumeStopped = await send("POST", instance("web-1", "/resume"));
    expect(resumeStopped.status).toBe(400);
    await send("POST", instance("web-1", "/start"));
    expect(await status()).toBe("PROVISIONING");
    clock.advance(world.timing.vmStartMs);
    expect(await status()).toBe("RUNNING");
    await send("POST", instance("web-1", "/suspend"));
    expect(await status()).toBe("SUSPENDING");
    clock.advance(world.timing.vmStopMs);
    expect(await status()).toBe("SUSPENDED");
    expect((await send("POST", instance("web-1", "/start"))).status).toBe(400);
    expect((await send("POST", instance("web-1", "/reset"))).status).toBe(400);
    await send("POST", instance("web-1", "/resume"));
    clock.advance(world.timing.vmStartMs);
    expect(await status()).toBe("RUNNING");
    const reset = await send("POST", instance("web-1", "/reset"));
    expect(reset.json).toMatchObject({ operationType: "reset" });
    expect(await status()).toBe("RUNNING");
    // Still RUNNING for everything else too: a disk attaches and an image is made right away.
    await send("POST", compute(`zones/${zone}/disks`), { body: { name: "data-1" } });
    clock.advance(world.timing.diskCreateMs);
    await send("POST", instance("web-1", "/reset"));
    const attached = await send("POST", instance("web-1", "/attachDisk"), {
      body: { source: `zones/${zone}/disks/data-1` },
    });
    expect(attached.status).toBe(200);
    const image = await send("POST", compute("global/images?forceCreate=true"), {
      body: { name: "after-reset", sourceDisk: `zones/${zone}/disks/web-1` },
    });
    expect(image.status).toBe(200);
  });

  it("changes metadata, labels and tags only with the current fingerprint (412 conditionNotMet otherwise)", async () => {
    const { send, compute, instance } = await setup();
    await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody("web-1") });
    const before = (await send("GET", instance("web-1"))).json;
    const fingerprint = (before["metadata"] as { fingerprint: string }).fingerprint;
    const items = [{ key: "enable-oslogin", value: "FALSE" }];
    const changed = await send("POST", instance("web-1", "/setMetadata"), { body: { fingerprint, items } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ operationType: "setMetadata" });
    const stale = await send("POST", instance("web-1", "/setMetadata"), { body: { fingerprint, items: [] } });
    expect(stale.status).toBe(412);
    expect(reasonOf(stale)).toBe("conditionNotMet");
    const after = (await send("GET", instance("web-1"))).json;
    expect(after["metadata"]).toMatchObject({ items });
    expect((after["metadata"] as { fingerprint: string }).fingerprint).not.toBe(fingerprint);

    const labelFingerprint = String(after["labelFingerprint"]);
    const labelled = await send("POST", instance("web-1", "/setLabels"), {
      body: { labelFingerprint, labels: { team: "blue" } },
    });
    expect(labelled.status).toBe(200);
    expect((await send("GET", instance("web-1"))).json["labels"]).toEqual({ team: "blue" });
    const staleLabels = await send("POST", instance("web-1", "/setLabels"), {
      body: { labelFingerprint, labels: {} },
    });
    expect(staleLabels.status).toBe(412);
    const badLabel = await send("POST", instance("web-1", "/setLabels"), {
      body: {
        labelFingerprint: (await send("GET", instance("web-1"))).json["labelFingerprint"],
        labels: { Team: "x" },
      },
    });
    expect(badLabel.status).toBe(400);

    const tags = after["tags"] as { fingerprint: string };
    const tagged = await send("POST", instance("web-1", "/setTags"), {
      body: { fingerprint: tags.fingerprint, items: ["web", "ssh"] },
    });
    expect(tagged.status).toBe(200);
    expect((await send("GET", instance("web-1"))).json["tags"]).toMatchObject({ items: ["web", "ssh"] });
    const staleTags = await send("POST", instance("web-1", "/setTags"), {
      body: { fingerprint: tags.fingerprint, items: [] },
    });
    expect(staleTags.status).toBe(412);
    expect(reasonOf(staleTags)).toBe("conditionNotMet");
  });

  it("attaches and detaches disks, and deletes the instance with its autoDelete disks", async () => {
    const { send, compute, clock, world, instance } = await setup();
    await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody("web-1") });
    for (const name of ["data-1", "data-2"]) {
      await send("POST", compute(`zones/${zone}/disks`), {
        body: { name, sizeGb: "50", type: `zones/${zone}/diskTypes/pd-ssd` },
      });
    }
    clock.advance(world.timing.vmBootMs);
    const source = (name: string) => `projects/${project}/zones/${zone}/disks/${name}`;
    const attach = await send("POST", instance("web-1", "/attachDisk"), {
      body: { source: source("data-1"), deviceName: "data", autoDelete: true },
    });
    expect(attach.json).toMatchObject({ operationType: "attachDisk" });
    await send("POST", instance("web-1", "/attachDisk"), { body: { source: source("data-2") } });
    clock.advance(world.timing.diskAttachMs);
    const disks = (await send("GET", instance("web-1"))).json["disks"] as Record<string, unknown>[];
    expect(disks.map((d) => [d["deviceName"], d["autoDelete"], d["boot"]])).toEqual([
      ["persistent-disk-0", true, true],
      ["data", true, false],
      ["persistent-disk-2", false, false],
    ]);
    const inUse = await send("DELETE", compute(`zones/${zone}/disks/data-2`));
    expect(inUse.status).toBe(400);
    expect(reasonOf(inUse)).toBe("resourceInUseByAnotherResource");
    const twice = await send("POST", instance("web-1", "/attachDisk"), { body: { source: source("data-2") } });
    expect(reasonOf(twice)).toBe("resourceInUseByAnotherResource");

    const detached = await send("POST", instance("web-1", "/detachDisk?deviceName=persistent-disk-2"));
    expect(detached.json).toMatchObject({ operationType: "detachDisk" });
    clock.advance(world.timing.diskDetachMs);
    const free = (await send("GET", compute(`zones/${zone}/disks/data-2`))).json;
    expect(free["users"]).toBeUndefined();
    expect(free["lastDetachTimestamp"]).toEqual(expect.any(String));
    expect((await send("POST", instance("web-1", "/detachDisk?deviceName=nope"))).status).toBe(400);

    await send("POST", instance("web-1", "/setDeletionProtection"));
    expect((await send("GET", instance("web-1"))).json["deletionProtection"]).toBe(true);
    const protectedDelete = await send("DELETE", instance("web-1"));
    expect(protectedDelete.status).toBe(400);
    expect(reasonOf(protectedDelete)).toBe("invalidResourceUsage");
    await send("POST", instance("web-1", "/setDeletionProtection?deletionProtection=false"));
    const deleted = await send("DELETE", instance("web-1"));
    expect(deleted.json).toMatchObject({ operationType: "delete" });
    expect((await send("GET", instance("web-1"))).json["status"]).toBe("STOPPING");
    clock.advance(world.timing.vmTerminateMs);
    expect((await send("GET", instance("web-1"))).status).toBe(404);
    const left = (await send("GET", compute(`zones/${zone}/disks`))).json["items"] as { name: string }[];
    expect(left.map((d) => d.name)).toEqual(["data-2"]);
  });

  it("lists instances page by page and aggregates them by zone", async () => {
    const { send, compute, world } = await start({ pageSize: 2 });
    withNetwork(world);
    for (const name of ["vm-a", "vm-b", "vm-c", "vm-d", "vm-e", "vm-f", "vm-g"]) {
      const answer = await send("POST", compute(`zones/${zone}/instances`), { body: instanceBody(name) });
      expect(answer.status).toBe(200);
    }
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = token === undefined ? "" : `?pageToken=${token}`;
      const page = await send("GET", compute(`zones/${zone}/instances${query}`));
      names.push(...(page.json["items"] as { name: string }[]).map((i) => i.name));
      token = page.json["nextPageToken"] as string | undefined;
      pages += 1;
    } while (token !== undefined);
    expect(pages).toBe(4);
    expect(names).toEqual(["vm-a", "vm-b", "vm-c", "vm-d", "vm-e", "vm-f", "vm-g"]);
    const aggregated = await send("GET", compute("aggregated/instances"));
    const items = aggregated.json["items"] as Record<string, { instances?: unknown[]; warning?: { code: string } }>;
    expect(items[`zones/${zone}`]?.instances).toHaveLength(2);
    expect(items["zones/us-central1-b"]?.warning?.code).toBe("NO_RESULTS_ON_PAGE");
    expect(aggregated.json["nextPageToken"]).toEqual(expect.any(String));
  });

  it("gives an instance the firewall rules of its network that target its tags, and follows setTags", async () => {
    const { send, compute, world, clock, instance } = await setup();
    await send("POST", compute("global/networks"), { body: { name: "vpc", autoCreateSubnetworks: false } });
    clock.advance(1000);
    await send("POST", compute("regions/us-central1/subnetworks"), {
      body: { name: "sub", network: "global/networks/vpc", ipCidrRange: "10.1.0.0/24" },
    });
    const rule = (name: string, targetTags?: string[]) => ({
      name,
      network: "global/networks/vpc",
      direction: "INGRESS",
      allowed: [{ IPProtocol: "tcp", ports: ["22"] }],
      sourceRanges: ["0.0.0.0/0"],
      ...(targetTags ? { targetTags } : {}),
    });
    for (const body of [rule("ssh-web", ["web"]), rule("ssh-db", ["db"]), rule("ssh-all")]) {
      expect((await send("POST", compute("global/firewalls"), { body })).status).toBe(200);
    }
    clock.advance(1000);
    const inserted = await send("POST", compute(`zones/${zone}/instances`), {
      body: instanceBody("web-1", { networkInterfaces: [{ subnetwork: "regions/us-central1/subnetworks/sub" }] }),
    });
    expect(inserted.status).toBe(200);
    const cloud = world.accountRegion({ provider: "GCP", account: project, region: "us-central1" });
    const groupsOfNic = () => {
      const vm = cloud.vms.list({ where: (v) => v.name === "web-1" }).items[0];
      const nic = cloud.networkInterfaces.list({ where: (n) => n.attachment?.vm.id === vm?.id }).items[0];
      return (nic?.securityGroups ?? []).map((g) => g.name).sort();
    };
    expect(groupsOfNic()).toEqual(["ssh-all", "ssh-web"]);
    const shown = (await send("GET", instance("web-1"))).json;
    expect((shown["networkInterfaces"] as { subnetwork: string }[])[0]?.subnetwork).toMatch(
      /\/regions\/us-central1\/subnetworks\/sub$/,
    );
    const fingerprint = (shown["tags"] as { fingerprint: string }).fingerprint;
    await send("POST", instance("web-1", "/setTags"), { body: { fingerprint, items: ["db"] } });
    expect(groupsOfNic()).toEqual(["ssh-all", "ssh-db"]);
  });
});

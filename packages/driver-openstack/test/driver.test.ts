import { baristaRejectionOf as failure } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { MemoryStore, VirtualClock, collect, createCloudBarista, noopLogger } from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";
import { createOpenStackDriver, openStackVendorClient } from "../src/index.js";
import { codeFor } from "../src/errors.js";
import { vmStatusOf } from "../src/vm-status.js";
import { account, appCredential, fixturesClosedAfterEach, recordedApis, user } from "./support.js";
import type { OpenStackFixture } from "./support.js";

const fixture = fixturesClosedAfterEach();

async function network(f: OpenStackFixture) {
  await f.conn.vpc.create({ name: "net", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] });
  await f.conn.securityGroup.create({
    name: "ssh",
    vpcName: "net",
    rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
  });
  await f.conn.keyPair.create({ name: "key" });
  const image =
    (await collect(f.conn.metadata.images())).find(
      (i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64",
    )?.id ?? "";
  return {
    image,
    specName: "m1.small",
    vpcName: "net",
    subnetName: "web",
    securityGroupNames: ["ssh"],
    keyPairName: "key",
  };
}

describe("Keystone", () => {
  it("renews an expired token transparently after a 401, once", async () => {
    // The client's clock stands still while the cloud's runs: the token expires under the driver.
    const f = await fixture({ front: { tokenTtlMs: 60_000 }, baristaClock: new VirtualClock() });
    await collect(f.conn.metadata.specs());
    (f.worldClock as VirtualClock).advance(120_000);
    await collect(f.conn.metadata.specs({ refresh: true }));
    await f.barista.history.flush();
    const records = await f.barista.history.query({ from: new Date(0) });
    expect(records.map((r) => [r.api, r.error?.code ?? "ok"])).toEqual([
      ["keystone:IssueToken", "ok"],
      // Once per connection: the microversion range Nova speaks.
      ["nova:ShowVersion", "ok"],
      ["nova:ListFlavorsDetailed", "ok"],
      ["nova:ListFlavorsDetailed", "ok"],
      ["nova:ListFlavorsDetailed", "Unauthenticated"],
      ["keystone:IssueToken", "ok"],
      ["nova:ListFlavorsDetailed", "ok"],
      ["nova:ListFlavorsDetailed", "ok"],
    ]);
  });

  it("renews a token shortly before it expires, without a 401", async () => {
    const f = await fixture({ front: { tokenTtlMs: 600_000 }, driver: { tokenRefreshMarginMs: 60_000 } });
    await collect(f.conn.metadata.images());
    (f.worldClock as VirtualClock).advance(560_000);
    await collect(f.conn.metadata.images({ refresh: true }));
    const apis = await recordedApis(f.barista);
    expect(apis.filter((a) => a === "keystone:IssueToken")).toHaveLength(2);
    const errors = await f.barista.history.query({ from: new Date(0), errorsOnly: true });
    expect(errors).toEqual([]);
  });

  it("reports Unauthenticated when re-authentication fails too", async () => {
    const f = await fixture({ front: { tokenTtlMs: 60_000 } });
    await collect(f.conn.metadata.specs());
    f.world.identities.add({ provider: "OPENSTACK", key: `Default/${user.username}`, secret: "changed", account });
    (f.worldClock as VirtualClock).advance(120_000);
    const error = await failure(collect(f.conn.metadata.specs({ refresh: true })));
    expect(error).toMatchObject({ code: "Unauthenticated", statusCode: 401, provider: "OPENSTACK" });
  });

  it("authenticates with an application credential", async () => {
    const f = await fixture({ credential: { authUrl: "http://unused.invalid/v3", ...appCredential } });
    // The auth URL of the credential is replaced by the connection's endpoint override below.
    await f.barista.connections.remove("os");
    await f.barista.connections.add({
      name: "app",
      driver: "openstack",
      credential: "os-cred",
      region: "os-region",
      endpoint: f.front.authUrl,
    });
    const conn = await f.barista.connection("app");
    expect((await collect(conn.metadata.images())).length).toBeGreaterThan(0);
    await f.barista.credentials.add({
      name: "bad",
      provider: "OPENSTACK",
      values: {
        authUrl: f.front.authUrl,
        applicationCredentialId: appCredential.applicationCredentialId,
        applicationCredentialSecret: "wrong",
      },
    });
    await f.barista.connections.add({ name: "bad", driver: "openstack", credential: "bad", region: "os-region" });
    const bad = await f.barista.connection("bad");
    expect(await failure(collect(bad.metadata.images()))).toMatchObject({ code: "Unauthenticated" });
  });

  it("finds a non-default region's endpoints in the catalog and works there", async () => {
    const f = await fixture({ region: "de-nbg-1", zone: "de-nbg-1a" });
    const regions = await collect(f.conn.metadata.regionZones());
    expect(regions.map((r) => r.name)).toEqual(["RegionOne", "kr-central-1", "de-nbg-1", "fr-par-1"]);
    expect(regions.find((r) => r.name === "de-nbg-1")?.zones.map((z) => z.name)).toEqual(["de-nbg-1a", "de-nbg-1b"]);
    const vpc = await f.conn.vpc.create({ name: "nbg", subnets: [{ name: "a", ipv4Cidr: "10.1.0.0/24" }] });
    const cloud = f.world.accountRegion({ provider: "OPENSTACK", account, region: "de-nbg-1" });
    expect(cloud.vpcs.get(vpc.iid.systemId).name).toMatch(/^nbg-/);
    // Other regions hold only the operator's shared provider network.
    const elsewhere = f.world.accountRegion({ provider: "OPENSTACK", account, region: "kr-central-1" }).vpcs.list();
    expect(elsewhere.items.map((n) => n.name)).toEqual(["public"]);
    // Images differ per region: the de-nbg-1 catalog is the one listed.
    const images = await collect(f.conn.metadata.images());
    expect(images.map((i) => i.id)).toEqual(cloud.catalog.listImages().items.map((i) => i.id));
  });
});

describe("Neutron", () => {
  it("gives a VM its public IP through a floating IP on a routed subnet", async () => {
    const f = await fixture();
    const vm = await f.conn.vm.create({ name: "web-1", ...(await network(f)) });
    const cloud = f.world.accountRegion({ provider: "OPENSTACK", account, region: "kr-central-1" });
    // The world VM has no address of its own: the public one is the floating IP's.
    expect(cloud.vms.get(vm.iid.systemId).publicIp).toBeUndefined();
    const floating = cloud.publicIps.list().items;
    expect(floating).toHaveLength(1);
    // Neutron puts a floating IP on a port: the one the driver made for the VM.
    expect(floating[0]?.target).toMatchObject({ kind: "network-interface", id: vm.extra?.["portId"] });
    expect(vm.publicIp).toBe(floating[0]?.address);
    expect(vm.sshAccessPoint).toBe(`${floating[0]?.address}:22`);
    const routers = cloud.routers.list().items;
    expect(routers).toHaveLength(1);
    expect(routers[0]?.externalIp).toBeDefined();
    expect(routers[0]?.subnets.map((s) => s.id)).toEqual([vm.subnetIID.systemId]);
    await f.conn.vm.delete("web-1");
    expect(cloud.publicIps.list().items).toEqual([]);
    const apis = await recordedApis(f.barista);
    expect(apis).toEqual(
      expect.arrayContaining([
        "neutron:CreateRouter",
        "neutron:AddRouterInterface",
        "neutron:CreateFloatingIP",
        "neutron:DeleteFloatingIP",
      ]),
    );
  });

  it("follows next links to the end of a long list", async () => {
    const f = await fixture({ front: { pageSize: 5 }, driver: { pageSize: 50 } });
    const cloud = f.world.accountRegion({ provider: "OPENSTACK", account, region: "kr-central-1" });
    for (let i = 0; i < 17; i++) cloud.vpcs.create({ name: `bulk-${i}` });
    const inventory = await f.conn.vpc.inventory();
    expect(inventory.onlyInCloud.map((v) => v.nameId).sort()).toEqual(
      Array.from({ length: 17 }, (_, i) => `bulk-${i}`).sort(),
    );
    const pages = (await recordedApis(f.barista)).filter((a) => a === "neutron:ListNetworks");
    // 17 networks at 5 per page (the external network is filtered out by the query).
    expect(pages.length).toBe(4);
  });
});

describe("errors", () => {
  it("retries an over-limit answer after its Retry-After", async () => {
    const f = await fixture();
    f.world.faults.add({
      provider: "OPENSTACK",
      api: "nova:ListFlavorsDetailed",
      kind: "throttle",
      retryAfterMs: 7_000,
      times: 1,
    });
    f.world.faults.add({
      provider: "OPENSTACK",
      api: "neutron:ListNetworks",
      kind: "throttle",
      retryAfterMs: 4_000,
      times: 1,
    });
    expect((await collect(f.conn.metadata.specs())).length).toBeGreaterThan(0);
    await f.conn.vpc.create({ name: "after-429", subnets: [] });
    await f.barista.history.flush();
    const records = await f.barista.history.query({ from: new Date(0) });
    const flavors = records.filter((r) => r.api === "nova:ListFlavorsDetailed");
    expect(flavors[0]?.error?.code).toBe("Throttled");
    expect(flavors[0]?.error?.message).toMatch(/413/);
    expect((flavors[1]?.time.getTime() ?? 0) - (flavors[0]?.time.getTime() ?? 0)).toBeGreaterThanOrEqual(7_000);
    const networks = records.filter((r) => r.api === "neutron:ListNetworks");
    expect(networks[0]?.error?.message).toMatch(/429/);
    expect((networks[1]?.time.getTime() ?? 0) - (networks[0]?.time.getTime() ?? 0)).toBeGreaterThanOrEqual(4_000);
  });

  it("types over-quota answers of Nova (403), Neutron (409) and Cinder (413) as QuotaExceeded", async () => {
    const f = await fixture();
    const base = await network(f);
    f.world.quotas.set({ provider: "OPENSTACK" }, { vms: 0, securityGroups: 1, disks: 0 });
    const vm = await failure(f.conn.vm.create({ name: "too-many", ...base }));
    expect(vm).toMatchObject({ code: "QuotaExceeded", statusCode: 403, nativeCode: "forbidden" });
    expect(vm.requestId).toMatch(/^req-/);
    expect(await failure(f.conn.securityGroup.create({ name: "sg2", vpcName: "net", rules: [] }))).toMatchObject({
      code: "QuotaExceeded",
      statusCode: 409,
      nativeCode: "OverQuota",
    });
    expect(await failure(f.conn.disk.create({ name: "d", diskSizeGB: 10 }))).toMatchObject({
      code: "QuotaExceeded",
      statusCode: 413,
    });
  });

  it("maps statuses and messages in one table", () => {
    const cases: [number, string, string, ErrorCode][] = [
      [404, "compute", "Instance x could not be found.", "NotFound"],
      [409, "compute", "Cannot 'os-stop' instance while it is in vm_state stopped", "Conflict"],
      [409, "compute", "Key pair 'k' already exists.", "AlreadyExists"],
      [409, "compute", "No valid host was found.", "CapacityUnavailable"],
      [403, "compute", "Quota exceeded for instances", "QuotaExceeded"],
      [403, "network", "Policy does not allow", "PermissionDenied"],
      [409, "network", "Quota exceeded for resources: ['security_group']", "QuotaExceeded"],
      [413, "compute", "This request was rate-limited.", "Throttled"],
      [429, "network", "Too many requests", "Throttled"],
      [
        413,
        "volumev3",
        "VolumeLimitExceeded: Maximum number of volumes allowed (10) exceeded for quota 'volumes'.",
        "QuotaExceeded",
      ],
      [400, "volumev3", "Invalid volume: Volume status must be available", "Conflict"],
      [400, "network", "Invalid input", "InvalidArgument"],
      [401, "identity", "The request you have made requires authentication.", "Unauthenticated"],
      [500, "compute", "boom", "ProviderError"],
      [503, "compute", "busy", "ProviderError"],
    ];
    for (const [status, service, message, code] of cases)
      expect(codeFor({ status, service, message }), `${status} ${message}`).toBe(code);
  });

  it("maps native server states through one table", () => {
    expect(vmStatusOf("BUILD", "spawning")).toBe("Creating");
    expect(vmStatusOf("ACTIVE")).toBe("Running");
    expect(vmStatusOf("ACTIVE", "powering-off")).toBe("Suspending");
    expect(vmStatusOf("SHUTOFF")).toBe("Suspended");
    expect(vmStatusOf("SHUTOFF", "powering-on")).toBe("Resuming");
    expect(vmStatusOf("SUSPENDED")).toBe("Suspended");
    expect(vmStatusOf("PAUSED")).toBe("Suspended");
    expect(vmStatusOf("REBOOT")).toBe("Rebooting");
    expect(vmStatusOf("HARD_REBOOT")).toBe("Rebooting");
    expect(vmStatusOf("ACTIVE", "deleting")).toBe("Terminating");
    expect(vmStatusOf("DELETED")).toBe("Terminated");
    expect(vmStatusOf("ERROR")).toBe("Failed");
  });
});

describe("vendor client", () => {
  it("hands out the connection's HTTP client, token and service roots, outside the runtime", async () => {
    const f = await fixture();
    await f.conn.vpc.create({ name: "net", subnets: [] });
    const vpcId = (await f.conn.vpc.get("net")).iid.systemId;
    const vendor = await openStackVendorClient(f.conn);
    await f.barista.history.flush();
    const recorded = (await f.barista.history.query({})).length;
    const answer = await vendor.http.get<string>(`${await vendor.endpoint("network")}/networks`, {
      headers: { "x-auth-token": await vendor.token() },
    });
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.data) as { networks: { id: string }[] };
    expect(body.networks.map((n) => n.id)).toContain(vpcId);
    await f.barista.history.flush();
    expect(await f.barista.history.query({})).toHaveLength(recorded);
    await expect(
      openStackVendorClient({ provider: "AWS", vendorClient: () => Promise.resolve({}) }),
    ).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "connection",
    });
  });
});

describe("secrets", () => {
  it("keeps the password out of every surface of the error when Keystone refuses connections", async () => {
    // A port that was just free: connections to it are refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const password = "Pw-SENTINEL-4b1e97c0";
    const retryPolicy = { maxAttempts: 1 };
    const cb = createCloudBarista({ store: new MemoryStore(), encryptionKey: randomBytes(32), retryPolicy });
    cb.drivers.register(createOpenStackDriver());
    const values = { authUrl: `http://127.0.0.1:${port}/v3`, username: "alice", password, projectName: "demo" };
    await cb.credentials.add({ name: "c", provider: "OPENSTACK", values });
    await cb.regions.add({ name: "r", provider: "OPENSTACK", region: "RegionOne" });
    await cb.connections.add({ name: "os", driver: "openstack", credential: "c", region: "r" });
    const error = await collect((await cb.connection("os")).metadata.specs()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ProviderError", unsent: true });
    expect(inspect(error, { depth: 20, showHidden: true })).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
    await cb.close();
  });
});

describe("createOpenStackDriver", () => {
  it("names the connection's endpoint, not the credential, when the endpoint is no Keystone URL", async () => {
    const driver = createOpenStackDriver();
    const base = { connectionName: "c", region: "RegionOne", clock: new VirtualClock(), logger: noopLogger };
    const viaEndpoint = await failure(
      driver.connect({ ...base, credential: { authUrl: "https://id.example/v3" }, endpoint: "ftp://id.example/v3" }),
    );
    expect(viaEndpoint).toMatchObject({ code: "InvalidArgument", field: "endpoint", rule: "url" });
    const viaCredential = await failure(driver.connect({ ...base, credential: { authUrl: "id.example/v3" } }));
    expect(viaCredential).toMatchObject({ code: "InvalidArgument", field: "credential.authUrl", rule: "url" });
  });

  it("has a price handler only with a price table, and checks the table", () => {
    expect(createOpenStackDriver().capabilities.handlers.price).toBe(false);
    expect(createOpenStackDriver({ prices: {} }).capabilities.handlers.price).toBe(true);
    expect(() => createOpenStackDriver({ prices: { "m1.small": { pricePerHour: -1, currency: "EUR" } } })).toThrow(
      /pricePerHour/,
    );
    expect(() => createOpenStackDriver({ prices: { "m1.small": { pricePerHour: 1, currency: "euro" } } })).toThrow(
      /currency/,
    );
  });

  it("lists prices only for flavors in the table, and refuses prices without one", async () => {
    const f = await fixture({
      driver: {
        prices: {
          "m1.small": { pricePerHour: 0.02, currency: "EUR" },
          "no.such.flavor": { pricePerHour: 9, currency: "EUR" },
        },
      },
    });
    const prices = await collect(f.conn.metadata.prices());
    expect(prices.map((p) => [p.specName, p.onDemand.price, p.onDemand.currency, p.source])).toEqual([
      ["m1.small", 0.02, "EUR", "user-price-table"],
    ]);
    const plain = await fixture();
    expect(await failure(collect(plain.conn.metadata.prices()))).toMatchObject({ code: "NotSupported" });
  });
});

describe("quotas", () => {
  it("reports the project's Nova, Neutron and Cinder quotas in the region, read afresh each time", async () => {
    expect(createOpenStackDriver().capabilities.handlers.quota).toBe(true);
    const f = await fixture();
    f.world.quotas.set({ provider: "OPENSTACK", account, region: "kr-central-1" }, { vcpus: 8, vms: 4 });
    const before = await collect(f.conn.metadata.quotas());
    expect(before.find((q) => q.name === "vcpus")).toMatchObject({ limit: 8, used: 0, available: 8 });
    // m1.small: 1 vCPU, 2 GiB.
    await f.conn.vm.create({ name: "vm", ...(await network(f)) });
    await f.conn.disk.create({ name: "d", diskSizeGB: 5 });
    const quotas = await collect(f.conn.metadata.quotas());
    const byName = (name: string) => quotas.find((q) => q.name === name);
    expect(byName("vcpus")).toEqual({
      name: "vcpus",
      scope: "region",
      limit: 8,
      used: 1,
      available: 7,
      unit: "count",
      description: "vCPUs of servers",
      nativeName: "maxTotalCores",
    });
    expect(byName("vms")).toMatchObject({ limit: 4, used: 1, available: 3 });
    // Nova's -1: no limit, and nothing invented in its place; memory in GiB.
    expect(byName("memoryGiB")).toEqual({
      name: "memoryGiB",
      scope: "region",
      unlimited: true,
      used: 2,
      unit: "GiB",
      description: "memory of servers",
      nativeName: "maxTotalRAMSize",
    });
    // Nova reports no use of key pairs.
    expect(byName("keyPairs")).toEqual({
      name: "keyPairs",
      scope: "region",
      limit: 100,
      unit: "count",
      description: "key pairs (per user; Nova reports no use)",
      nativeName: "maxTotalKeypairs",
    });
    expect(byName("vpcs")).toMatchObject({ limit: 100, used: 1, available: 99, nativeName: "network" });
    expect(byName("securityGroups")).toMatchObject({ limit: 200, used: 1, available: 199 });
    expect(byName("subnets")).toMatchObject({ unlimited: true, used: 1 });
    expect(byName("router")).toMatchObject({ unlimited: true, nativeName: "router" });
    expect(byName("disks")).toMatchObject({ limit: 10, used: 1, available: 9, nativeName: "maxTotalVolumes" });
    expect(byName("diskGB")).toMatchObject({ limit: 1000, used: 5, available: 995, unit: "GB" });
    expect(byName("snapshots")).toMatchObject({ unlimited: true, used: 0 });
    expect(quotas.every((q) => q.scope === "region")).toBe(true);
    await f.barista.history.flush();
    const reads = await f.barista.history.query({ from: new Date(0), resourceType: "quotas" });
    // The first read also issued the connection's token and asked Nova its microversions.
    const once = ["keystone:IssueToken", "nova:ShowVersion"];
    expect(reads.map((r) => r.api).filter((api) => !once.includes(api))).toEqual(
      Array(2).fill(["nova:ShowLimits", "neutron:ShowQuotaDetails", "cinder:ShowLimits"]).flat(),
    );
  });

  it("reports no network quotas when Neutron lacks the quota-details extension", async () => {
    const f = await fixture();
    // A Neutron that answers 404 to everything, as one without quota details does to that path.
    const neutron = await notFoundServer();
    try {
      await f.barista.connections.add({
        name: "old-neutron",
        driver: "openstack",
        credential: "os-cred",
        region: "os-region",
        endpoint: { network: neutron.url },
      });
      const quotas = await collect((await f.barista.connection("old-neutron")).metadata.quotas());
      expect(quotas.map((q) => q.name)).toEqual([
        "vcpus",
        "vms",
        "memoryGiB",
        "keyPairs",
        "server_groups",
        "disks",
        "diskGB",
        "snapshots",
        "backups",
        "backup_gigabytes",
      ]);
    } finally {
      await neutron.close();
    }
  });
});

async function notFoundServer(): Promise<{ url: string; close(): Promise<void> }> {
  const { createServer } = await import("node:http");
  const server = createServer((_req, res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        NeutronError: { type: "HTTPNotFound", message: "The resource could not be found.", detail: "" },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("tags kept as a whole set of key=value strings", () => {
  it("adds, overwrites and removes tags on a Neutron network and an Octavia load balancer", async () => {
    const f = await fixture();
    const request = await network(f);
    await f.conn.vm.create({ name: "web-1", ...request });
    await f.conn.nlb.create({
      name: "lb",
      vpcName: "net",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 8080, vmNames: ["web-1"] },
    });
    for (const target of [
      { resourceType: "vpc" as const, name: "net" },
      { resourceType: "nlb" as const, name: "lb" },
    ]) {
      await f.conn.tag.add(target, { key: "team", value: "a" });
      await f.conn.tag.add(target, { key: "env", value: "dev" });
      await f.conn.tag.add(target, { key: "team", value: "b" });
      expect((await f.conn.tag.list(target)).filter((t) => t.key === "team" || t.key === "env")).toEqual(
        expect.arrayContaining([
          { key: "team", value: "b" },
          { key: "env", value: "dev" },
        ]),
      );
      expect((await f.conn.tag.list(target)).filter((t) => t.key === "team")).toHaveLength(1);
      await f.conn.tag.remove(target, "team");
      const left = await f.conn.tag.list(target);
      expect(left.some((t) => t.key === "team")).toBe(false);
      expect(left).toContainEqual({ key: "env", value: "dev" });
    }
    const apis = await recordedApis(f.barista);
    expect(apis).toEqual(expect.arrayContaining(["neutron:ReplaceTags", "octavia:UpdateLoadBalancer"]));
  });
});

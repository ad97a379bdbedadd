import { describe, expect, it } from "vitest";
import {
  BaristaError,
  VirtualClock,
  handlerNames,
  isBaristaError,
  noopLogger,
  resourceTypes,
} from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";
import { World, WorldError } from "@cloud-barista/emulator";
import type { VmState, WorldErrorCode } from "@cloud-barista/emulator";
import { createMockDriver } from "../src/index.js";
import { mockApis } from "../src/apis.js";
import { toBaristaError } from "../src/errors.js";
import { vmStatusByState } from "../src/vm-status.js";
import { collect, fixture, network, vmRequest } from "./support.js";

async function expectBaristaError(promise: Promise<unknown>, code: ErrorCode): Promise<BaristaError> {
  try {
    await promise;
  } catch (error) {
    expect(isBaristaError(error, code), String(error)).toBe(true);
    return error as BaristaError;
  }
  return expect.unreachable(`expected ${code}`);
}

describe("createMockDriver", () => {
  const world = new World({ clock: new VirtualClock() });
  const driver = createMockDriver({ world });
  const base = { connectionName: "c", region: "mock-seoul", clock: new VirtualClock(), logger: noopLogger };

  it("declares every handler, no unsupported operation, and the mock cloud's naming rules", () => {
    expect(driver.provider).toBe("MOCK");
    expect(driver.credentialKeys).toEqual({ required: ["mockName"] });
    for (const name of handlerNames) expect(driver.capabilities.handlers[name], name).toBe(name !== "orphan");
    expect(driver.capabilities.handlers.quota).toBe(true);
    expect(driver.capabilities.unsupportedOperations).toEqual([]);
    expect(driver.capabilities.quirks).toEqual({ vpcCidr: true, zoneBasedControl: true });
    expect(driver.capabilities.tagResourceTypes).toEqual(resourceTypes);
    expect(driver.capabilities.naming).toMatchObject({ defaultMaxLength: 63, separator: "-", lowerCase: true });
  });

  it("validates the credential, region and zone on connect", async () => {
    const missing = await expectBaristaError(driver.connect({ ...base, credential: {} }), "InvalidArgument");
    expect(missing.field).toBe("credential.mockName");
    const region = await expectBaristaError(
      driver.connect({ ...base, region: "mars", credential: { mockName: "a" } }),
      "InvalidArgument",
    );
    expect(region.field).toBe("region");
    const zone = await expectBaristaError(
      driver.connect({ ...base, zone: "mock-tokyo-a", credential: { mockName: "a" } }),
      "InvalidArgument",
    );
    expect(zone.field).toBe("zone");
    const endpoint = await expectBaristaError(
      driver.connect({ ...base, credential: { mockName: "a" }, endpoint: "http://elsewhere.example" }),
      "InvalidArgument",
    );
    expect(endpoint).toMatchObject({ field: "endpoint", rule: "no-endpoint" });
    const conn = await driver.connect({ ...base, credential: { mockName: "a" } });
    // The mock cloud makes nothing beside the resources asked for: no orphans.
    for (const name of handlerNames) expect(conn[name] !== undefined, name).toBe(name !== "orphan");
    expect(conn.quota).toBeDefined();
    await conn.close();
    expect(() => createMockDriver({ world, pageSize: 0 })).toThrow(/pageSize/);
  });
});

describe("error mapping", () => {
  const expected: [WorldErrorCode, ErrorCode, number][] = [
    ["NotFound", "NotFound", 404],
    ["Duplicate", "AlreadyExists", 409],
    ["InvalidParameter", "InvalidArgument", 400],
    ["DependencyViolation", "Conflict", 409],
    ["IncorrectState", "Conflict", 409],
    ["QuotaExceeded", "QuotaExceeded", 400],
    ["InsufficientCapacity", "CapacityUnavailable", 500],
    ["Throttled", "Throttled", 429],
    ["InternalError", "ProviderError", 500],
    ["Unavailable", "ProviderError", 503],
    ["Timeout", "Timeout", 504],
  ];
  for (const [worldCode, code, statusCode] of expected) {
    it(`maps ${worldCode} to ${code}`, () => {
      const mapped = toBaristaError(
        new WorldError(worldCode, "boom", { resourceType: "network", resourceId: "v-1", retryAfterMs: 250 }),
      );
      expect(mapped).toMatchObject({
        code,
        statusCode,
        provider: "MOCK",
        nativeCode: worldCode,
        resourceType: "vpc",
        resourceName: "v-1",
      });
      expect(mapped.retryAfterMs).toBe(250);
      expect(mapped.retryable).toBe(
        ["Throttled", "Timeout"].includes(code) || (statusCode >= 500 && code === "ProviderError"),
      );
    });
  }

  it("passes BaristaErrors through and wraps anything else as a non-retryable ProviderError", () => {
    const aborted = new BaristaError("Aborted", "stop");
    expect(toBaristaError(aborted)).toBe(aborted);
    expect(toBaristaError(new TypeError("bug"))).toMatchObject({
      code: "ProviderError",
      retryable: false,
      provider: "MOCK",
    });
  });
});

describe("native VM state table", () => {
  it("maps every native state to its portable status", () => {
    const table: Record<VmState, string> = {
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
    expect(vmStatusByState).toEqual(table);
  });
});

describe("handlers", () => {
  it("run a VM lifecycle, reporting one native API per call and transitional statuses", async () => {
    const f = await fixture();
    const net = await network(f);
    expect(f.take()).toEqual(["CreateVpc", "CreateSecurityGroup"]);
    const key = await f.conn.keyPair.create({ name: "key" }, f.ctx);
    expect(key.privateKey).toMatch(/BEGIN RSA PRIVATE KEY/);
    expect(key.vmUserId).toBe("cb-user");
    expect((await f.conn.keyPair.get(key.iid, f.ctx)).privateKey).toBeUndefined();

    const started = await f.conn.vm.start(vmRequest(net, "vm-1", { keyPairIID: key.iid }), f.ctx);
    expect(started.status).toBe("Creating");
    expect(started.iid.nameId).toBe("vm-1");
    expect(started.iid.systemId).toMatch(/^mock-vm-/);
    expect(started).toMatchObject({
      vpcIID: net.vpc,
      subnetIID: net.subnet,
      securityGroupIIDs: [net.sg],
      keyPairIID: key.iid,
      imageType: "PublicImage",
      imageIID: { nameId: "mock-ubuntu-2404-amd64", systemId: "mock-ubuntu-2404-amd64" },
      region: { region: "mock-seoul", zone: "mock-seoul-a" },
      privateIp: "10.0.1.4",
      vmUserId: "cb-user",
      platform: "Linux/UNIX",
    });
    expect(started.sshAccessPoint).toBe(`${started.publicIp}:22`);
    f.clock.advance(f.world.timing.vmBootMs);
    expect(await f.conn.vm.getStatus(started.iid, f.ctx)).toBe("Running");
    expect(await f.conn.vm.suspend(started.iid, f.ctx)).toBe("Suspending");
    await expectBaristaError(f.conn.vm.suspend(started.iid, f.ctx), "Conflict");
    f.clock.advance(f.world.timing.vmStopMs);
    expect(await f.conn.vm.getStatus(started.iid, f.ctx)).toBe("Suspended");
    expect(await f.conn.vm.resume(started.iid, f.ctx)).toBe("Resuming");
    f.clock.advance(f.world.timing.vmStartMs);
    expect(await f.conn.vm.reboot(started.iid, f.ctx)).toBe("Rebooting");
    f.clock.advance(f.world.timing.vmRebootMs);
    expect((await collect(f.conn.vm.listStatus(f.ctx))).map((s) => s.status)).toEqual(["Running"]);
    expect(await f.conn.vm.terminate(started.iid, f.ctx)).toBe("Terminating");
    expect(await f.conn.vm.terminate(started.iid, f.ctx)).toBe("Terminating");
    f.clock.advance(f.world.timing.vmTerminateMs);
    expect((await f.conn.vm.get(started.iid, f.ctx)).status).toBe("Terminated");
    f.clock.advance(f.world.timing.terminatedRetentionMs);
    await expectBaristaError(f.conn.vm.get(started.iid, f.ctx), "NotFound");

    expect(f.take()).toEqual([
      "CreateKeyPair",
      "DescribeKeyPairs",
      "RunInstances",
      "DescribeInstanceStatus",
      "StopInstances",
      "StopInstances",
      "DescribeInstanceStatus",
      "StartInstances",
      "RebootInstances",
      "DescribeInstanceStatus",
      "TerminateInstances",
      "TerminateInstances",
      "DescribeInstances",
      "DescribeInstances",
    ]);
    expect(mockApis).toMatchObject({
      RunInstances: "idempotent-by-token",
      DescribeInstances: "read",
      TerminateInstances: "idempotent",
      StopInstances: "not-idempotent",
      CreateVpc: "not-idempotent",
    });
  });

  it("repeats a RunInstances with the same idempotency token without a second VM", async () => {
    const f = await fixture();
    const net = await network(f);
    const first = await f.conn.vm.start(vmRequest(net), f.ctx);
    const again = await f.conn.vm.start(vmRequest(net), f.ctx);
    expect(again.iid).toEqual(first.iid);
    expect(await collect(f.conn.vm.list(f.ctx))).toHaveLength(1);
  });

  it("maps world errors: NotFound, Conflict on dependencies, AlreadyExists, InvalidArgument", async () => {
    const f = await fixture();
    const missing = await expectBaristaError(
      f.conn.vpc.get({ nameId: "nope", systemId: "mock-vpc-000000000000" }, f.ctx),
      "NotFound",
    );
    expect(missing).toMatchObject({ provider: "MOCK", nativeCode: "NotFound", resourceType: "vpc" });
    const net = await network(f);
    // The world calls public images and my-images "image" alike; the SDK's words depend on the call.
    const nowhere = { nameId: "nope", systemId: "mock-img-000000000000" };
    expect(await expectBaristaError(f.conn.myImage.get(nowhere, f.ctx), "NotFound")).toMatchObject({
      resourceType: "myImage",
    });
    const noImage = vmRequest(net, "vm-0", { imageIID: nowhere });
    expect(await expectBaristaError(f.conn.vm.start(noImage, f.ctx), "NotFound")).toMatchObject({
      resourceType: "image",
    });
    const noMyImage = vmRequest(net, "vm-0", { imageType: "MyImage", imageIID: nowhere });
    expect(await expectBaristaError(f.conn.vm.start(noMyImage, f.ctx), "NotFound")).toMatchObject({
      resourceType: "myImage",
    });
    await f.conn.vm.start(vmRequest(net), f.ctx);
    await expectBaristaError(f.conn.securityGroup.delete(net.sg, f.ctx), "Conflict");
    await expectBaristaError(f.conn.vpc.delete(net.vpc, f.ctx), "Conflict");
    await expectBaristaError(
      f.conn.vpc.create({ name: "net", ipv4Cidr: "10.1.0.0/16", subnets: [] }, f.ctx),
      "AlreadyExists",
    );
    const bad = await expectBaristaError(
      f.conn.vpc.create(
        { name: "bad", ipv4Cidr: "10.1.0.0/16", subnets: [{ name: "s", ipv4Cidr: "10.2.0.0/24" }] },
        f.ctx,
      ),
      "InvalidArgument",
    );
    expect(bad.message).toMatch(/not inside/);
    expect(bad.field).toBe("subnets[0].ipv4Cidr");
    const badSpec = await expectBaristaError(
      f.conn.vm.start(vmRequest(net, "vm-2", { specName: "huge" }), f.ctx),
      "InvalidArgument",
    );
    expect(badSpec.field).toBe("specName");
    const badDisk = await expectBaristaError(
      f.conn.vm.start(vmRequest(net, "vm-3", { rootDiskSizeGB: 1 }), f.ctx),
      "InvalidArgument",
    );
    expect(badDisk.field).toBe("rootDiskSizeGB");
    const badSize = await expectBaristaError(
      f.conn.disk.create({ name: "d", diskSizeGB: -1 }, f.ctx),
      "InvalidArgument",
    );
    expect(badSize.field).toBe("diskSizeGB");
    const badRule = await expectBaristaError(
      f.conn.securityGroup.create(
        {
          name: "bad-sg",
          vpcIID: net.vpc,
          rules: [{ direction: "inbound", protocol: "TCP", fromPort: 90, toPort: 80, cidr: "0.0.0.0/0" }],
        },
        f.ctx,
      ),
      "InvalidArgument",
    );
    expect(badRule.field).toBe("rules[0].fromPort");
  });

  it("deletes a VPC's subnets before the VPC", async () => {
    const f = await fixture();
    const vpc = await f.conn.vpc.create(
      {
        name: "v",
        ipv4Cidr: "10.0.0.0/16",
        subnets: [
          { name: "a", ipv4Cidr: "10.0.1.0/24" },
          { name: "b", ipv4Cidr: "10.0.2.0/24", zone: "mock-seoul-b" },
        ],
      },
      f.ctx,
    );
    expect(vpc.subnets.map((s) => s.zone)).toEqual(["mock-seoul-a", "mock-seoul-b"]);
    const withC = await f.conn.vpc.addSubnet(vpc.iid, { name: "c", ipv4Cidr: "10.0.3.0/24" }, f.ctx);
    expect(withC.subnets.map((s) => s.iid.nameId)).toEqual(["a", "b", "c"]);
    await f.conn.vpc.removeSubnet(vpc.iid, withC.subnets[2]!.iid, f.ctx);
    f.take();
    await f.conn.vpc.delete(vpc.iid, f.ctx);
    expect(f.take()).toEqual(["DescribeVpcs", "DeleteSubnet", "DeleteSubnet", "DeleteVpc"]);
    await expectBaristaError(f.conn.vpc.get(vpc.iid, f.ctx), "NotFound");
  });

  it("follows pagination to the end, one native call per page", async () => {
    const f = await fixture();
    for (let i = 0; i < 12; i++)
      await f.conn.vpc.create({ name: `v${i}`, ipv4Cidr: "10.0.0.0/16", subnets: [] }, f.ctx);
    f.take();
    const vpcs = await collect(f.conn.vpc.list(f.ctx));
    expect(vpcs.map((v) => v.iid.nameId)).toEqual(Array.from({ length: 12 }, (_, i) => `v${i}`));
    expect(f.take()).toEqual(["DescribeVpcs", "DescribeVpcs", "DescribeVpcs"]);
    const specs = await collect(f.conn.spec.list(f.ctx));
    expect(specs.length).toBeGreaterThan(5);
    expect(f.take().length).toBe(Math.ceil(specs.length / 5));
  });

  it("isolates clouds by mockName", async () => {
    const clock = new VirtualClock();
    const world = new World({ clock, rateLimits: false });
    const a = await fixture({ world, clock, mockName: "tenant-a" });
    const b = await fixture({ world, clock, mockName: "tenant-b" });
    const net = await network(a);
    expect(await collect(b.conn.vpc.list(b.ctx))).toEqual([]);
    await expectBaristaError(b.conn.vpc.get(net.vpc, b.ctx), "NotFound");
    // The same names are free in the other cloud.
    expect((await network(b)).vpc.systemId).not.toBe(net.vpc.systemId);
  });

  it("maps injected faults: Throttled with retryAfterMs, 5xx ProviderErrors, Timeout", async () => {
    const f = await fixture();
    f.world.faults.add({ api: "DescribeVpcs", kind: "throttle", retryAfterMs: 700, times: 1 });
    f.world.faults.add({ api: "DescribeVpcs", kind: "unavailable", times: 1 });
    f.world.faults.add({ api: "DescribeVpcs", kind: "internal", times: 1 });
    f.world.faults.add({ api: "DescribeVpcs", kind: "timeout", times: 1 });
    const list = () => collect(f.conn.vpc.list(f.ctx));
    expect((await expectBaristaError(list(), "Throttled")).retryAfterMs).toBe(700);
    expect(await expectBaristaError(list(), "ProviderError")).toMatchObject({ statusCode: 503, retryable: true });
    expect(await expectBaristaError(list(), "ProviderError")).toMatchObject({ statusCode: 500, retryable: true });
    await expectBaristaError(list(), "Timeout");
    expect(await list()).toEqual([]);
  });

  it("reads the catalog: regions with coordinates, images, specs with GPUs, prices", async () => {
    const f = await fixture();
    const regions = await collect(f.conn.regionZone.list(f.ctx));
    expect(regions.map((r) => r.name)).toContain("mock-seoul");
    const seoul = regions.find((r) => r.name === "mock-seoul")!;
    expect(seoul.location).toEqual({ latitude: 37.5665, longitude: 126.978 });
    expect(seoul.zones.find((z) => z.name === "mock-seoul-c")?.status).toBe("Unavailable");
    const image = await f.conn.image.get("mock-ubuntu-2404-arm64", f.ctx);
    expect(image).toMatchObject({ osArchitecture: "arm64", osPlatform: "Linux/UNIX", status: "Available" });
    await expectBaristaError(f.conn.image.get("nope", f.ctx), "NotFound");
    const gpu = await f.conn.spec.get("mock-gpu-t4", f.ctx);
    expect(gpu.gpus).toEqual([
      { count: 1, manufacturer: "NVIDIA", model: "T4", memorySizeGB: 16, totalMemorySizeGB: 16 },
    ]);
    await expectBaristaError(f.conn.spec.get("mock-gpu-a100x8", f.ctx), "NotFound");
    const prices = await collect(f.conn.price.list(f.ctx));
    expect(prices.find((p) => p.specName === "mock-small")).toMatchObject({
      region: "mock-seoul",
      source: "emulator-catalog",
      onDemand: { price: 0.044, currency: "USD", unit: "Hour" },
    });
  });

  it("manage disks, my-images, load balancers and tags", async () => {
    const f = await fixture();
    const net = await network(f);
    const vm = await f.conn.vm.start(vmRequest(net), f.ctx);
    f.clock.advance(f.world.timing.vmBootMs);

    const disk = await f.conn.disk.create({ name: "data", diskSizeGB: 20 }, f.ctx);
    expect(disk).toMatchObject({ status: "Creating", zone: "mock-seoul-a", diskType: "mock-ssd", diskSizeGB: 20 });
    f.clock.advance(f.world.timing.diskCreateMs);
    expect(await f.conn.disk.attach(disk.iid, vm.iid, f.ctx)).toMatchObject({ ownerVm: vm.iid, status: "Available" });
    expect((await f.conn.vm.get(vm.iid, f.ctx)).dataDiskIIDs).toEqual([disk.iid]);
    f.clock.advance(f.world.timing.diskAttachMs);
    expect((await f.conn.disk.get(disk.iid, f.ctx)).status).toBe("Attached");
    await expectBaristaError(f.conn.disk.delete(disk.iid, f.ctx), "Conflict");
    await f.conn.disk.resize(disk.iid, 30, f.ctx);
    await expectBaristaError(f.conn.disk.resize(disk.iid, 10, f.ctx), "InvalidArgument");
    await f.conn.disk.detach(disk.iid, vm.iid, f.ctx);
    expect((await f.conn.disk.get(disk.iid, f.ctx)).status).toBe("Attached");
    f.clock.advance(f.world.timing.diskDetachMs);
    expect(await f.conn.disk.get(disk.iid, f.ctx)).toMatchObject({ status: "Available", diskSizeGB: 30 });
    await f.conn.disk.delete(disk.iid, f.ctx);

    const image = await f.conn.myImage.create({ name: "snap", sourceVmIID: vm.iid }, f.ctx);
    expect(image).toMatchObject({ status: "Creating", sourceVmIID: vm.iid });
    f.clock.advance(f.world.timing.myImageCreateMs);
    expect((await f.conn.myImage.get(image.iid, f.ctx)).status).toBe("Available");
    const clone = await f.conn.vm.start(vmRequest(net, "clone", { imageType: "MyImage", imageIID: image.iid }), f.ctx);
    expect(clone).toMatchObject({ imageType: "MyImage", imageIID: image.iid });

    const nlb = await f.conn.nlb.create(
      {
        name: "lb",
        vpcIID: net.vpc,
        type: "PUBLIC",
        scope: "REGION",
        listener: { protocol: "TCP", port: 80 },
        vmGroup: { protocol: "TCP", port: 8080, vms: [vm.iid] },
        healthChecker: { intervalSec: 10, threshold: 3 },
      },
      f.ctx,
    );
    expect(nlb.healthChecker).toEqual({ protocol: "TCP", port: 8080, intervalSec: 10, timeoutSec: 5, threshold: 3 });
    expect(nlb).toMatchObject({ type: "PUBLIC", scope: "REGION", listener: { protocol: "TCP", port: 80 } });
    expect(nlb.listener.ip).toBeDefined();
    // The world holds the balancer in its own vocabulary.
    const cloud = f.world.accountRegion({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" });
    expect(cloud.nlbs.get(nlb.iid.systemId)).toMatchObject({
      scheme: "internet-facing",
      scope: "regional",
      listener: { protocol: "tcp", port: 80 },
      targetGroup: { protocol: "tcp", port: 8080 },
      healthCheck: { protocol: "tcp", intervalSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 },
    });
    const badCheck = await expectBaristaError(
      f.conn.nlb.create(
        {
          name: "lb-2",
          vpcIID: net.vpc,
          type: "INTERNAL",
          scope: "REGION",
          listener: { protocol: "UDP", port: 53 },
          vmGroup: { protocol: "UDP", port: 53, vms: [] },
          healthChecker: { intervalSec: 10, threshold: 11 },
        },
        f.ctx,
      ),
      "InvalidArgument",
    );
    expect(badCheck.field).toBe("healthChecker.threshold");
    expect(await f.conn.nlb.getHealth(nlb.iid, f.ctx)).toEqual({ all: [vm.iid], healthy: [], unhealthy: [vm.iid] });
    f.clock.advance(f.world.timing.nlbProvisionMs + 30_000);
    expect((await f.conn.nlb.getHealth(nlb.iid, f.ctx)).healthy).toEqual([vm.iid]);
    f.clock.advance(f.world.timing.vmBootMs);
    expect((await f.conn.nlb.addVms(nlb.iid, [clone.iid], f.ctx)).vmGroup.vms).toEqual([vm.iid, clone.iid]);
    await f.conn.nlb.removeVms(nlb.iid, [vm.iid], f.ctx);
    await expectBaristaError(f.conn.nlb.removeVms(nlb.iid, [vm.iid], f.ctx), "NotFound");
    await f.conn.nlb.delete(nlb.iid, f.ctx);

    const target = { resourceType: "vm" as const, iid: vm.iid };
    expect(await f.conn.tag.add(target, { key: "env", value: "prod" }, f.ctx)).toEqual({ key: "env", value: "prod" });
    await f.conn.tag.add({ resourceType: "subnet", iid: net.subnet }, { key: "tier", value: "web-prod" }, f.ctx);
    expect(await f.conn.tag.get(target, "env", f.ctx)).toEqual({ key: "env", value: "prod" });
    expect(await f.conn.tag.list(target, f.ctx)).toEqual([{ key: "env", value: "prod" }]);
    await expectBaristaError(f.conn.tag.get(target, "nope", f.ctx), "NotFound");
    await expectBaristaError(
      f.conn.tag.add({ resourceType: "disk", iid: vm.iid }, { key: "a", value: "b" }, f.ctx),
      "NotFound",
    );
    const found = await collect(f.conn.tag.find("all", "prod", f.ctx));
    expect(found.map((r) => [r.resourceType, r.iid.nameId])).toEqual([
      ["subnet", "net-sub"],
      ["vm", "vm-1"],
    ]);
    expect((await collect(f.conn.tag.find("vm", "", f.ctx))).map((r) => r.iid)).toEqual([vm.iid]);
    await f.conn.tag.remove(target, "env", f.ctx);
    expect(await f.conn.tag.list(target, f.ctx)).toEqual([]);
  });
});

describe("quota handler", () => {
  it("reports the world's account-wide quotas of the region under portable names, with their use", async () => {
    const f = await fixture();
    f.world.quotas.set({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" }, { vcpus: 6, vms: 1 });
    // Another account and another region have their own quotas.
    f.world.quotas.set({ provider: "MOCK", account: "tenant-b" }, { vcpus: 2 });
    const net = await network(f);
    await f.conn.vm.start(vmRequest(net), f.ctx);
    f.take();
    const quotas = await collect(f.conn.quota.list(f.ctx));
    expect(f.take()).toEqual(["DescribeAccountAttributes"]);
    expect(quotas.map((q) => q.name)).toEqual([
      "vpcs",
      "securityGroups",
      "keyPairs",
      "vms",
      "vcpus",
      "disks",
      "diskGB",
      "myImages",
      "nlbs",
      "clusters",
    ]);
    expect(quotas.every((q) => q.scope === "region")).toBe(true);
    // mock-small has 2 vCPUs.
    expect(quotas.find((q) => q.name === "vcpus")).toEqual({
      name: "vcpus",
      scope: "region",
      limit: 6,
      used: 2,
      available: 4,
      unit: "count",
      description: "vCPUs of VMs not terminated",
      nativeName: "vcpus",
    });
    expect(quotas.find((q) => q.name === "vms")).toMatchObject({ limit: 1, used: 1, available: 0 });
    expect(quotas.find((q) => q.name === "vpcs")).toMatchObject({ limit: 20, used: 1, available: 19 });
    expect(quotas.find((q) => q.name === "diskGB")).toMatchObject({ unit: "GB", nativeName: "diskTotalGB", used: 0 });
    // A limit lowered below the use leaves nothing available, never a negative amount.
    f.world.quotas.set({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" }, { vcpus: 1 });
    expect((await collect(f.conn.quota.list(f.ctx))).find((q) => q.name === "vcpus")).toMatchObject({
      limit: 1,
      used: 2,
      available: 0,
    });
  });

  it("is absent in remote mode, whose mock front serves only the resource services", async () => {
    const remote = createMockDriver({ endpoint: "http://127.0.0.1:9" });
    expect(remote.capabilities.handlers.quota).toBe(false);
    const conn = await remote.connect({
      connectionName: "c",
      region: "mock-seoul",
      clock: new VirtualClock(),
      logger: noopLogger,
      credential: { mockName: "a" },
    });
    expect(conn.quota).toBeUndefined();
    for (const name of handlerNames) expect(conn[name] !== undefined, name).toBe(name !== "quota" && name !== "orphan");
  });
});

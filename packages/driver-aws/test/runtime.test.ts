import { collect, isBaristaError } from "@cloud-barista/core";
import type { Connection } from "@cloud-barista/core";
import { afterEach, describe, expect, it } from "vitest";
import { account, awsFixture, zone } from "./setup.js";
import type { AwsFixture } from "./setup.js";

// driver-aws through the runtime and the AWS SDK, over HTTP to the emulator's AWS front: the
// paths where AWS misbehaves (bad credentials, throttling, capacity, eventual consistency, lost
// answers) and what call history must show of them.

let fixture: AwsFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function open(options: Parameters<typeof awsFixture>[0] = {}): Promise<AwsFixture> {
  fixture = await awsFixture(options);
  return fixture;
}

/** A VPC with a subnet, an SSH security group and a key pair; the request for a VM that uses them. */
async function network(conn: Connection) {
  await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] });
  await conn.securityGroup.create({
    name: "ssh",
    vpcName: "net",
    rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
  });
  await conn.keyPair.create({ name: "key" });
  const images = await collect(conn.metadata.images());
  const image = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64")?.id ?? "";
  return {
    image,
    specName: "t3.micro",
    vpcName: "net",
    subnetName: "web",
    securityGroupNames: ["ssh"],
    keyPairName: "key",
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("driver-aws over the AWS front", () => {
  it("rejects a wrong secret as Unauthenticated (SignatureDoesNotMatch), with the request id", async () => {
    const f = await open({ secret: "not-the-secret" });
    const error = await rejection(f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] }));
    expect(isBaristaError(error, "Unauthenticated")).toBe(true);
    expect(error).toMatchObject({
      provider: "AWS",
      nativeCode: "SignatureDoesNotMatch",
      statusCode: 403,
      retryable: false,
    });
    expect((error as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(f.cloud().vpcs.list().items).toEqual([]);
    const calls = await f.barista.history.query({ api: "CreateVpc" });
    expect(calls.map((c) => c.error?.code)).toEqual(["Unauthenticated"]);
  });

  it("rejects an unknown access key as Unauthenticated (AuthFailure)", async () => {
    const f = await open();
    f.world.identities.remove("AWS", "AKIAEMULATOREXAMPLE1");
    const error = await rejection(collect(f.conn.metadata.regionZones()));
    expect(error).toMatchObject({ code: "Unauthenticated", nativeCode: "AuthFailure", statusCode: 401 });
  });

  it("retries throttled calls (RequestLimitExceeded) with backoff until they succeed", async () => {
    const f = await open();
    const fault = f.world.faults.add({ provider: "AWS", api: "CreateVpc", kind: "throttle", times: 2 });
    const vpc = await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    expect(vpc.iid.nameId).toBe("net");
    expect(fault.fired).toBe(2);
    const calls = await f.barista.history.query({ api: "CreateVpc" });
    expect(calls.map((c) => [c.attempt, c.error?.code])).toEqual([
      [1, "Throttled"],
      [2, "Throttled"],
      [3, undefined],
    ]);
    expect(calls[0]?.error?.message).toMatch(/RequestLimitExceeded/);
    // Backoff waited between the attempts (on the test's virtual clock).
    const times = calls.map((c) => c.time.getTime());
    expect(times[2]! - times[0]!).toBeGreaterThan(0);
    expect(f.cloud().vpcs.list().items).toHaveLength(1);
  });

  it("rides out the world's own rate limit on a burst of reads", async () => {
    // EC2 sends no Retry-After: give backoff enough attempts to outlast a bucket refilling at 1/s.
    const f = await open({ barista: { retryPolicy: { maxAttempts: 12, baseDelayMs: 250, maxDelayMs: 2_000 } } });
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    f.world.rateLimits.setRules("AWS", [
      { name: "tight", api: /^DescribeVpcs$/, bucket: "api", capacity: 2, refillPerSecond: 1 },
    ]);
    const results = await Promise.all(Array.from({ length: 5 }, () => f.conn.vpc.get("net")));
    expect(results.every((r) => r.iid.nameId === "net")).toBe(true);
    const throttled = await f.barista.history.query({ api: "DescribeVpcs", errorsOnly: true });
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((c) => c.error?.code === "Throttled")).toBe(true);
  });

  it("types capacity and quota refusals of RunInstances, and frees the name", async () => {
    const f = await open();
    const request = await network(f.conn);
    const limit = f.world.capacity.limit({ provider: "AWS", zone, maxVms: 0 });
    const capacity = await rejection(f.conn.vm.create({ name: "web-1", ...request }));
    expect(capacity).toMatchObject({
      code: "CapacityUnavailable",
      nativeCode: "InsufficientInstanceCapacity",
      statusCode: 500,
      retryable: false,
    });
    limit.remove();
    f.world.quotas.set({ provider: "AWS", account }, { vcpus: 0 });
    const quota = await rejection(f.conn.vm.create({ name: "web-1", ...request }));
    expect(quota).toMatchObject({ code: "QuotaExceeded", nativeCode: "VcpuLimitExceeded" });
    f.world.quotas.reset();
    // Neither refusal was retried: the cloud said no for certain.
    expect((await f.barista.history.query({ api: "RunInstances" })).map((c) => c.error?.code)).toEqual([
      "CapacityUnavailable",
      "QuotaExceeded",
    ]);
    expect((await f.conn.vm.create({ name: "web-1", ...request })).status).toBe("Running");
  });

  it("reads a resource right after creating it, while AWS still says it does not exist", async () => {
    const f = await open({ world: { invisibleAfterCreateMs: 3_000 } });
    const vpc = await f.conn.vpc.create({
      name: "net",
      ipv4Cidr: "10.0.0.0/16",
      subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }],
    });
    const read = await f.conn.vpc.get("net");
    expect(read.iid).toEqual(vpc.iid);
    expect(read.subnets.map((s) => s.iid.nameId)).toEqual(["web"]);
    const calls = await f.barista.history.query({ api: "DescribeVpcs" });
    expect(calls.filter((c) => c.error).every((c) => c.error?.code === "NotFound")).toBe(true);
    expect(calls.filter((c) => c.error).length).toBeGreaterThan(0);
    expect(calls.at(-1)?.error).toBeUndefined();
    // An id the connection did not just create is NotFound at once, with no waiting.
    const before = calls.length;
    const ghost = await rejection(f.conn.vpc.register({ name: "ghost", systemId: "vpc-0123456789abcdef0" }));
    expect(ghost).toMatchObject({ code: "NotFound", nativeCode: "InvalidVpcID.NotFound" });
    expect((await f.barista.history.query({ api: "DescribeVpcs" })).length).toBe(before + 1);
  });

  it("follows NextToken over more than three pages", async () => {
    const f = await open({ front: { maxPageSize: 5 } });
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const names = Array.from({ length: 17 }, (_, i) => `group-${String(i).padStart(2, "0")}`);
    for (const name of names) await f.conn.securityGroup.create({ name, vpcName: "net", rules: [] });
    const before = (await f.barista.history.query({ api: "DescribeSecurityGroups" })).length;
    const listed = await collect(f.conn.securityGroup.list());
    expect(listed.map((g) => g.iid.nameId).sort()).toEqual(names);
    const pages = (await f.barista.history.query({ api: "DescribeSecurityGroups" })).length - before;
    expect(pages).toBe(4);
  });

  it("gives a security group named like a group id a cloud-side name EC2 accepts", async () => {
    const f = await open();
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const group = await f.conn.securityGroup.create({ name: "sg-web", vpcName: "net", rules: [] });
    expect(group.iid.nameId).toBe("sg-web");
    const names = f
      .cloud()
      .securityGroups.list()
      .items.map((g) => g.name);
    expect(names).toContainEqual(expect.stringMatching(/^cb-sg-web-[0-9a-v]{8}$/));
  });

  it("retries RunInstances after a lost answer without starting a second VM", async () => {
    const f = await open();
    const request = await network(f.conn);
    f.world.faults.add({ provider: "AWS", api: "RunInstances", kind: "internal", phase: "after", times: 1 });
    f.world.faults.add({
      provider: "AWS",
      api: "RunInstances",
      kind: "timeout",
      phase: "after",
      times: 1,
      timeoutMs: 1_000,
    });
    const vm = await f.conn.vm.create({ name: "web-1", ...request });
    expect(vm.status).toBe("Running");
    const attempts = await f.barista.history.query({ api: "RunInstances" });
    expect(attempts.map((a) => a.error?.code)).toEqual(["ProviderError", "Timeout", undefined]);
    expect(
      f
        .cloud()
        .vms.list()
        .items.map((v) => v.id),
    ).toEqual([vm.iid.systemId]);
  });

  it("records every native call under the API name the front served", async () => {
    const f = await open();
    const served: string[] = [];
    const call = f.world.call.bind(f.world);
    f.world.call = (target, fn, options) => {
      served.push(target.api);
      return call(target, fn, options);
    };
    const request = await network(f.conn);
    await f.conn.vm.create({ name: "web-1", ...request });
    await f.conn.disk.create({ name: "data", diskSizeGB: 10 });
    await f.conn.disk.attach("data", "web-1");
    await f.conn.nlb.create({
      name: "lb",
      vpcName: "net",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 8080, vmNames: ["web-1"] },
    });
    await f.conn.tag.add({ resourceType: "vm", name: "web-1" }, { key: "team", value: "a" });
    await collect(f.conn.metadata.prices());
    await f.conn.destroyAll();
    const recorded = (await f.barista.history.query({ connection: "seoul" })).map((c) => c.api);
    expect(recorded.length).toBeGreaterThan(30);
    expect([...recorded].sort()).toEqual([...served].sort());
    expect(recorded).toEqual(
      expect.arrayContaining([
        "RunInstances",
        "DescribeInstanceStatus",
        "CreateLoadBalancer",
        "CreateTargetGroup",
        "CreateListener",
        "GetProducts",
        "CreateTags",
      ]),
    );
  });
});

import { collect, isBaristaError } from "@cloud-barista/core";
import { DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { closedAfterEach, rejectionOf } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { awsVendorClients } from "../src/index.js";
import { awsFixture } from "./setup.js";

// driver-aws through the runtime and the AWS SDK, over HTTP to the emulator's AWS front: what is
// particular to AWS (its credential errors, rate buckets, ids, names). The behaviour every driver
// shares is in the conformance suite.

const open = closedAfterEach(awsFixture);

describe("driver-aws over the AWS front", () => {
  it("rejects a wrong secret as Unauthenticated (SignatureDoesNotMatch), with the request id", async () => {
    const f = await open({ secret: "not-the-secret" });
    const error = await rejectionOf(f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] }));
    expect(isBaristaError(error, "Unauthenticated")).toBe(true);
    expect(error).toMatchObject({
      provider: "AWS",
      nativeCode: "SignatureDoesNotMatch",
      statusCode: 403,
      retryable: false,
    });
    expect((error as { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    // Only the default VPC the account starts with.
    expect(
      f
        .cloud()
        .vpcs.list()
        .items.map((v) => v.isDefault),
    ).toEqual([true]);
    const calls = await f.barista.history.query({ api: "CreateVpc" });
    expect(calls.map((c) => c.error?.code)).toEqual(["Unauthenticated"]);
  });

  it("rejects an unknown access key as Unauthenticated (AuthFailure)", async () => {
    const f = await open();
    f.world.identities.remove("AWS", "AKIAEMULATOREXAMPLE1");
    const error = await rejectionOf(collect(f.conn.metadata.regionZones()));
    expect(error).toMatchObject({ code: "Unauthenticated", nativeCode: "AuthFailure", statusCode: 401 });
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

  it("answers NotFound at once, without waiting, for an id the connection did not just create", async () => {
    const f = await open({ world: { invisibleAfterCreateMs: 3_000 } });
    const ghost = await rejectionOf(f.conn.vpc.register({ name: "ghost", systemId: "vpc-0123456789abcdef0" }));
    expect(ghost).toMatchObject({ code: "NotFound", nativeCode: "InvalidVpcID.NotFound" });
    expect(await f.barista.history.query({ api: "DescribeVpcs" })).toHaveLength(1);
  });

  it("hands out its SDK clients for calls the portable API lacks, outside the runtime", async () => {
    const f = await open();
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const vpcId = (await f.conn.vpc.get("net")).iid.systemId;
    await f.barista.history.flush();
    const recorded = (await f.barista.history.query({})).length;
    const { ec2 } = await awsVendorClients(f.conn);
    const vpcs = await ec2().send(new DescribeVpcsCommand({}));
    expect(vpcs.Vpcs?.map((v) => v.VpcId)).toContain(vpcId);
    await f.barista.history.flush();
    expect(await f.barista.history.query({})).toHaveLength(recorded);
    await expect(
      awsVendorClients({ provider: "OPENSTACK", vendorClient: () => Promise.resolve({}) }),
    ).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "connection",
    });
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
});

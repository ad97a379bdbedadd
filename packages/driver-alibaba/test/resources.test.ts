import { baristaRejectionOf as failure, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { vmBasics, vmRequest, withNetwork } from "@cloud-barista/emulator/testing";
import { alibabaFixture, calls } from "./setup.js";

const open = closedAfterEach(alibabaFixture);

describe("security groups, load balancers and system disks on Alibaba", () => {
  it("keeps exactly the requested rules, in both directions, whatever the protocol", async () => {
    const f = await open({ front: { vpcPendingMs: 0 } });
    await f.conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const rules = [
      { direction: "inbound" as const, protocol: "TCP" as const, fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
      { direction: "inbound" as const, protocol: "UDP" as const, fromPort: 1000, toPort: 2000, cidr: "10.0.0.0/8" },
      { direction: "inbound" as const, protocol: "ICMP" as const, cidr: "192.168.0.0/16" },
      { direction: "outbound" as const, protocol: "ALL" as const, cidr: "0.0.0.0/0" },
    ];
    await f.conn.securityGroup.create({ name: "sg", vpcName: "net", rules });
    const read = await f.conn.securityGroup.get("sg");
    expect(read.rules).toHaveLength(rules.length);
    expect(read.rules).toEqual(expect.arrayContaining(rules));
    // One Authorize call per direction, all rules at once.
    expect((await calls(f, "AuthorizeSecurityGroup")).length).toBe(1);
    expect((await calls(f, "AuthorizeSecurityGroupEgress")).length).toBe(1);
  });

  it("makes an intranet SLB in the VPC, checks health check ranges before any call, and reports health", async () => {
    const f = await open({ front: { vpcPendingMs: 0 } });
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-northeast-2a"]);
    await f.conn.vm.create(vmRequest("web-1", basics, "web-a"));
    const base = {
      vpcName: "net",
      type: "INTERNAL" as const,
      listener: { protocol: "TCP" as const, port: 80 },
      vmGroup: { protocol: "TCP" as const, port: 8080, vmNames: ["web-1"] },
    };
    const refused = await failure(f.conn.nlb.create({ name: "lb-x", ...base, healthChecker: { intervalSec: 99 } }));
    expect([refused.code, refused.field]).toEqual(["InvalidArgument", "healthChecker.intervalSec"]);
    expect(await calls(f, "CreateLoadBalancer")).toEqual([]);

    const nlb = await f.conn.nlb.create({ name: "lb", ...base, healthChecker: { threshold: 4 } });
    expect(nlb.type).toBe("INTERNAL");
    const read = await f.conn.nlb.get("lb");
    expect(read).toMatchObject({
      type: "INTERNAL",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 8080, vms: [{ nameId: "web-1" }] },
      healthChecker: { protocol: "TCP", port: 8080, threshold: 4, intervalSec: 2, timeoutSec: 5 },
      vpcIID: { nameId: "net" },
    });
    const health = await f.conn.nlb.getHealth("lb");
    expect(health.all.map((v) => v.nameId)).toEqual(["web-1"]);
    expect(health.healthy.length + health.unhealthy.length).toBe(1);
    await f.conn.nlb.delete("lb");
  });

  it("keeps an internet SLB's VPC in its reserved tag, out of the user's tags", async () => {
    const f = await open({ front: { vpcPendingMs: 0 } });
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-northeast-2a"]);
    await f.conn.vm.create(vmRequest("web-1", basics, "web-a"));
    await f.conn.nlb.create({
      name: "lb",
      vpcName: "net",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 80, vmNames: ["web-1"] },
      tags: { team: "web" },
    });
    const read = await f.conn.nlb.get("lb");
    expect(read.type).toBe("PUBLIC");
    expect(read.vpcIID.nameId).toBe("net");
    expect(read.listener.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(read.tags).toEqual({ team: "web" });
    expect(await f.conn.tag.list({ resourceType: "nlb", name: "lb" })).toEqual([{ key: "team", value: "web" }]);
  });

  it("refuses a system disk category the zone does not offer before RunInstances", async () => {
    const f = await open({ region: "cn-hangzhou", zone: "cn-hangzhou-k", front: { vpcPendingMs: 0 } });
    const basics = await vmBasics(f);
    await withNetwork(f, ["cn-hangzhou-k"]);
    const refused = await failure(
      f.conn.vm.create({ ...vmRequest("vm-ssd", basics, "web-k"), rootDiskType: "cloud_efficiency" }),
    );
    expect([refused.code, refused.field]).toEqual(["NotSupported", "rootDiskType"]);
    expect(await calls(f, "RunInstances")).toEqual([]);
    const vm = await f.conn.vm.create({ ...vmRequest("vm-essd", basics, "web-k"), rootDiskType: "cloud_essd" });
    expect(vm.rootDiskType).toBe("cloud_essd");
  });

  it("reports the login user it made (a reserved tag, never listed), and root when asked for", async () => {
    const f = await open({ front: { vpcPendingMs: 0 } });
    const basics = await vmBasics(f);
    await withNetwork(f, ["ap-northeast-2a"]);
    const key = await f.conn.keyPair.get("key");
    expect(key.vmUserId).toBe("cb-user");

    const vm = await f.conn.vm.create(vmRequest("vm-user", basics, "web-a"));
    expect(vm.vmUserId).toBe("cb-user");
    expect((await f.conn.vm.get("vm-user")).vmUserId).toBe("cb-user");
    expect(await f.conn.tag.list({ resourceType: "vm", name: "vm-user" })).toEqual([]);
    expect(key.publicKey).toMatch(/^ssh-rsa /);

    const root = await f.conn.vm.create({ ...vmRequest("vm-root", basics, "web-a"), vmUserId: "root" });
    expect(root.vmUserId).toBe("root");
    expect((await f.conn.vm.get("vm-root")).vmUserId).toBe("root");
  });
});

import { collect } from "@cloud-barista/core";
import type { SecurityRule } from "@cloud-barista/core";
import { closedAfterEach, rejectionOf } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { gcpVendorClients } from "../src/index.js";
import { gcpFixture, zone } from "./setup.js";
import type { GcpFixture } from "./setup.js";

// VMs, firewall rules and networks of driver-gcp as Compute Engine holds them on the wire.

const opened = closedAfterEach(gcpFixture);
const open = () => opened({ front: { operationMs: 0 } });

async function calls(f: GcpFixture, api: string) {
  await f.barista.history.flush();
  return (await f.barista.history.query({ connection: f.connectionName, from: new Date(0) })).filter(
    (r) => r.api === api,
  );
}

const rule = (
  direction: "inbound" | "outbound",
  protocol: SecurityRule["protocol"],
  port?: number,
  cidr = "0.0.0.0/0",
): SecurityRule => ({
  direction,
  protocol,
  ...(port === undefined ? {} : { fromPort: port, toPort: port }),
  cidr,
});

async function network(f: GcpFixture) {
  await f.conn.vpc.create({
    name: "net",
    ipv4Cidr: "10.0.0.0/16",
    subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }],
  });
  await f.conn.securityGroup.create({ name: "sg", vpcName: "net", rules: [rule("inbound", "TCP", 22)] });
  const image = (await collect(f.conn.metadata.images())).find(
    (i) => i.osArchitecture === "x86_64" && i.status === "Available",
  );
  return {
    image: image?.id ?? "",
    specName: "e2-standard-2",
    vpcName: "net",
    subnetName: "web",
    securityGroupNames: ["sg"],
  };
}

describe("driver-gcp VMs and firewalls over the GCP front", () => {
  it("makes one firewall per rule and direction with the group's tag, and a deny of all other egress", async () => {
    const f = await open();
    await f.conn.vpc.create({
      name: "net",
      ipv4Cidr: "10.0.0.0/16",
      subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }],
    });
    const rules = [
      rule("inbound", "TCP", 22),
      rule("inbound", "ICMP", undefined, "10.0.0.0/8"),
      rule("outbound", "UDP", 53),
    ];
    const sg = await f.conn.securityGroup.create({ name: "sg", vpcName: "net", rules });
    const tag = sg.iid.systemId;
    const { compute, projectId: project } = await gcpVendorClients(f.conn);
    const [firewalls] = await compute.firewalls.list({ project });
    const mine = firewalls.filter((fw) => (fw.targetTags ?? []).includes(tag));
    const shape = mine
      .map((fw) => [
        fw.direction,
        fw.priority,
        (fw.allowed?.length ? "allow " : "deny ") +
          (fw.allowed?.length ? fw.allowed : (fw.denied ?? []))
            .map((a) => `${a.IPProtocol ?? ""}:${(a.ports ?? []).join(",")}`)
            .join(" "),
        [...(fw.sourceRanges ?? []), ...(fw.destinationRanges ?? [])].join(","),
      ])
      .sort((a, b) => String(a).localeCompare(String(b)));
    expect(shape).toEqual(
      [
        ["EGRESS", 1000, "allow udp:53", "0.0.0.0/0"],
        ["EGRESS", 65535, "deny all:", "0.0.0.0/0"],
        ["INGRESS", 1000, "allow icmp:", "10.0.0.0/8"],
        ["INGRESS", 1000, "allow tcp:22", "0.0.0.0/0"],
      ].sort((a, b) => String(a).localeCompare(String(b))),
    );
    // The portable group is exactly the rules asked for, read back from the firewalls.
    const read = await f.conn.securityGroup.get("sg");
    expect(read.rules).toHaveLength(3);
    for (const r of rules) expect(read.rules).toContainEqual(expect.objectContaining(r));
    await f.conn.securityGroup.removeRules("sg", [rules[0] as SecurityRule]);
    expect((await f.conn.securityGroup.get("sg")).rules).toHaveLength(2);
  });

  it("starts an instance with a one-to-one NAT address, the group's tag and OS Login off, and stops and starts it", async () => {
    const f = await open();
    const base = await network(f);
    const vm = await f.conn.vm.create({ name: "vm", ...base, vmUserPassword: "Secret-pass-1", tags: { team: "web" } });
    expect(vm).toMatchObject({ status: "Running", specName: "e2-standard-2", tags: { team: "web" } });
    expect(vm.privateIp).toMatch(/^10\.0\.1\.\d+$/);
    const { compute, projectId: project } = await gcpVendorClients(f.conn);
    const [instance] = await compute.instances.get({ project, zone, instance: vm.iid.systemId });
    expect(instance.networkInterfaces?.[0]?.accessConfigs?.[0]?.type).toBe("ONE_TO_ONE_NAT");
    expect(instance.tags?.items).toEqual([(await f.conn.securityGroup.get("sg")).iid.systemId]);
    const items = new Map((instance.metadata?.items ?? []).map((i) => [i.key, i.value]));
    expect(items.get("enable-oslogin")).toBe("FALSE");
    // The password reaches the VM as cloud-init user data only.
    expect(items.get("user-data")).toMatch(/^#cloud-config\n/);
    expect(await f.conn.vm.suspend("vm")).toBe("Suspended");
    expect(await f.conn.vm.getStatus("vm")).toBe("Suspended");
    expect(await f.conn.vm.resume("vm")).toBe("Running");
    await f.conn.vm.delete("vm");
  });

  it("types an insert whose Operation ends in ZONE_RESOURCE_POOL_EXHAUSTED as capacity, leaving nothing", async () => {
    const f = await open();
    const base = await network(f);
    const fault = f.control.fail({ api: "compute.instances.insert", kind: "capacity" });
    const error = await rejectionOf(f.conn.vm.create({ name: "vm", ...base, vmUserPassword: "Secret-pass-1" }));
    expect(fault.fired).toBe(1);
    expect(error).toMatchObject({
      code: "CapacityUnavailable",
      provider: "GCP",
      nativeCode: "ZONE_RESOURCE_POOL_EXHAUSTED",
    });
    // Not retried: the one insert, its Operation's wait (if it was not DONE at once), no second
    // insert; and no delete, for an Operation ended for capacity made nothing.
    expect((await calls(f, "compute.instances.insert")).length).toBe(1);
    expect(await calls(f, "compute.instances.delete")).toEqual([]);
    const { compute, projectId: project } = await gcpVendorClients(f.conn);
    const [instances] = await compute.instances.list({ project, zone });
    expect(instances).toEqual([]);
    await expect(f.conn.vm.get("vm")).rejects.toMatchObject({ code: "NotFound" });
  });

  it("repeats an insert whose answer was lost with the same requestId, making one instance", async () => {
    const f = await open();
    const base = await network(f);
    const fault = f.control.fail({ api: "compute.instances.insert", kind: "internal", phase: "after" });
    const vm = await f.conn.vm.create({ name: "vm", ...base, vmUserPassword: "Secret-pass-1" });
    expect(fault.fired).toBe(1);
    expect((await calls(f, "compute.instances.insert")).map((c) => c.error?.code)).toEqual([
      "ProviderError",
      undefined,
    ]);
    const { compute, projectId: project } = await gcpVendorClients(f.conn);
    const [instances] = await compute.instances.list({ project, zone });
    expect(instances.map((i) => i.name)).toEqual([vm.iid.systemId]);
  });

  it("puts the key pair's public key in the instance's ssh-keys with the login user", async () => {
    const f = await open();
    const base = await network(f);
    const key = await f.conn.keyPair.create({ name: "key" });
    expect(key.privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const vm = await f.conn.vm.create({ name: "vm", ...base, keyPairName: "key" });
    expect(vm).toMatchObject({ vmUserId: "cb-user", keyPairIID: { nameId: "key" } });
    const { compute, projectId: project } = await gcpVendorClients(f.conn);
    const [instance] = await compute.instances.get({ project, zone, instance: vm.iid.systemId });
    const sshKeys = instance.metadata?.items?.find((i) => i.key === "ssh-keys")?.value;
    const [type, blob] = (key.publicKey ?? "").split(" ");
    expect(sshKeys).toBe(`cb-user:${type} ${blob} cb-user`);
    await f.conn.vm.delete("vm");
  });

  it("balances over a target pool with a legacy HTTP health check, and deletes all three parts", async () => {
    const f = await open();
    const base = await network(f);
    await f.conn.vm.create({ name: "vm", ...base, vmUserPassword: "Secret-pass-1" });
    const nlb = await f.conn.nlb.create({
      name: "lb",
      vpcName: "net",
      listener: { protocol: "TCP", port: 80 },
      vmGroup: { protocol: "TCP", port: 80, vmNames: ["vm"] },
      healthChecker: { protocol: "HTTP", port: 80, intervalSec: 10, timeoutSec: 5, threshold: 2 },
    });
    expect(nlb).toMatchObject({ type: "PUBLIC", scope: "REGION", listener: { protocol: "TCP", port: 80 } });
    expect(nlb.listener.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(nlb.healthChecker).toMatchObject({ protocol: "HTTP", port: 80, threshold: 2 });
    const { compute, projectId: project } = await gcpVendorClients(f.conn);
    const [pool] = await compute.targetPools.get({ project, region: "asia-northeast3", targetPool: nlb.iid.systemId });
    expect(pool.healthChecks?.map((h) => h.split("/").slice(-2).join("/"))).toEqual([
      `httpHealthChecks/${nlb.iid.systemId}`,
    ]);
    expect(pool.instances?.map((i) => i.split("/").pop())).toEqual([(await f.conn.vm.get("vm")).iid.systemId]);
    const health = await f.conn.nlb.getHealth("lb");
    expect(health.all.map((v) => v.nameId)).toEqual(["vm"]);
    await f.conn.nlb.delete("lb");
    expect((await calls(f, "compute.httpHealthChecks.delete")).map((c) => c.error?.code)).toEqual([undefined]);
    const [rules] = await compute.forwardingRules.list({ project, region: "asia-northeast3" });
    expect(rules).toEqual([]);
    await f.conn.vm.delete("vm");
  });
});

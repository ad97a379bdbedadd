import { createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { expectWorldError, expectWorldErrorAsync, mockCloud, network, runVm, testWorld } from "./support.js";
import type { HealthCheck, LbScheme } from "../src/index.js";

describe("key pairs", () => {
  it("create a real RSA key pair: OpenSSH public key, PEM private key, matching fingerprint", async () => {
    const cloud = mockCloud(testWorld().world);
    const { keyPair, privateKey } = await cloud.keyPairs.create({ name: "k1" });
    expect(keyPair.publicKey).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E[A-Za-z0-9+/=]+$/);
    expect(privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(keyPair.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    // The private key really belongs to the public key: same modulus.
    const derived = createPublicKey(createPrivateKey(privateKey)).export({ format: "jwk" });
    expect(sshRsaModulus(keyPair.publicKey)).toBe(Buffer.from(derived.n ?? "", "base64url").toString("hex"));
    const imported = cloud.keyPairs.import({ name: "again", publicKey: keyPair.publicKey });
    expect(imported.fingerprint).toBe(keyPair.fingerprint);
    // The private key is never returned again.
    expect(JSON.stringify(cloud.keyPairs.get(keyPair.id))).not.toContain("PRIVATE");
    await expectWorldErrorAsync(() => cloud.keyPairs.create({ name: "k1", keyType: "ed25519" }), "Duplicate");
    const ed = await cloud.keyPairs.create({ name: "k2", keyType: "ed25519" });
    expect(ed.keyPair.publicKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5/);
    expect(ed.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expectWorldError(
      () => cloud.keyPairs.import({ name: "bad", publicKey: "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAA" }),
      "InvalidParameter",
    );
  });
});

describe("network load balancers", () => {
  it("provision, then report targets initial -> healthy for running VMs and unhealthy for stopped ones", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const web1 = runVm(cloud, net, "web-1");
    const web2 = runVm(cloud, net, "web-2");
    const nlb = cloud.nlbs.create({
      name: "lb",
      vpcId: net.vpc.id,
      listener: { protocol: "tcp", port: 80 },
      targetGroup: { protocol: "tcp", port: 8080, vmIds: [web1.id, web2.id] },
      healthCheck: { intervalSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 },
    });
    expect(nlb).toMatchObject({
      state: "provisioning",
      scheme: "internet-facing",
      scope: "regional",
      healthCheck: { protocol: "tcp", port: 8080, timeoutSeconds: 5 },
    });
    expect(nlb.listener.ip).toMatch(/^198\./);
    expect(nlb.listener.dnsName).toBe("lb.nlb.mock-seoul.mock.barista.example");
    const health = () => Object.fromEntries(cloud.nlbs.targetHealth(nlb.id).map((t) => [t.vm.name, t.state]));
    expect(health()).toEqual({ "web-1": "initial", "web-2": "initial" });

    clock.advance(world.timing.nlbProvisionMs); // both VMs are running by now
    expect(cloud.nlbs.get(nlb.id).state).toBe("active");
    cloud.vms.stop(web2.id);
    clock.advance(29_999);
    expect(health()).toEqual({ "web-1": "initial", "web-2": "initial" });
    clock.advance(1);
    expect(health()).toEqual({ "web-1": "healthy", "web-2": "unhealthy" });

    cloud.vms.terminate(web1.id);
    clock.advance(world.timing.vmTerminateMs);
    expect(health()["web-1"]).toBe("unused");
  });

  it("judge targets healthy and unhealthy by their own thresholds, and check health checks and schemes", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const up = runVm(cloud, net, "up");
    const down = runVm(cloud, net, "down");
    const create = (healthCheck: Partial<HealthCheck>, scheme?: LbScheme) =>
      cloud.nlbs.create({
        name: "lb",
        vpcId: net.vpc.id,
        scheme,
        listener: { protocol: "udp", port: 53 },
        targetGroup: { protocol: "udp", port: 53, vmIds: [up.id, down.id] },
        healthCheck,
      });
    expectWorldError(() => create({ unhealthyThreshold: 11 }), "InvalidParameter", /healthCheck\.unhealthyThreshold/);
    expectWorldError(() => create({ timeoutSeconds: 20 }), "InvalidParameter", /healthCheck\.timeoutSeconds/);
    expectWorldError(() => create({}, "PUBLIC" as LbScheme), "InvalidParameter", /scheme/);
    const nlb = create({ healthyThreshold: 5, unhealthyThreshold: 2 });
    const health = () => Object.fromEntries(cloud.nlbs.targetHealth(nlb.id).map((t) => [t.vm.name, t.state]));
    clock.advance(world.timing.nlbProvisionMs);
    cloud.vms.stop(down.id);
    clock.advance(20_000);
    expect(health()).toEqual({ up: "initial", down: "unhealthy" });
    clock.advance(30_000);
    expect(health()).toEqual({ up: "healthy", down: "unhealthy" });
  });

  it("add and remove VMs of the same VPC only", () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const vm = runVm(cloud, net);
    const other = network(cloud, "other");
    const stranger = runVm(cloud, other, "stranger");
    const nlb = cloud.nlbs.create({
      name: "lb",
      vpcId: net.vpc.id,
      scheme: "internal",
      listener: { protocol: "tcp", port: 80 },
      targetGroup: { protocol: "tcp", port: 80 },
    });
    expect(nlb.listener.ip).toMatch(/^10\.0\.1\./);
    expect(cloud.nlbs.addTargets(nlb.id, [vm.id, vm.id]).targetGroup.targets).toEqual([{ id: vm.id, name: vm.name }]);
    expect(cloud.nlbs.addTargets(nlb.id, [vm.id]).targetGroup.targets).toHaveLength(1);
    expectWorldError(() => cloud.nlbs.addTargets(nlb.id, [stranger.id]), "InvalidParameter", /not in VPC/);
    expectWorldError(() => cloud.nlbs.removeTargets(nlb.id, [stranger.id]), "NotFound");
    expect(cloud.nlbs.removeTargets(nlb.id, [vm.id]).targetGroup.targets).toEqual([]);
    expectWorldError(() => cloud.subnets.delete(net.subnetId), "DependencyViolation", /load balancer/);
    expectWorldError(() => cloud.vpcs.delete(net.vpc.id), "DependencyViolation", /load balancer/);
    cloud.nlbs.delete(nlb.id);
    expectWorldError(() => cloud.nlbs.get(nlb.id), "NotFound");
  });

  it("fail provisioning when the work fails, delete gracefully, change the health check", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const input = {
      vpcId: net.vpc.id,
      scheme: "internal" as const,
      listener: { protocol: "tcp" as const, port: 80 },
      targetGroup: { protocol: "tcp" as const, port: 80 },
    };
    const broken = cloud.nlbs.create({ name: "broken", ...input }, { failsLater: true });
    const nlb = cloud.nlbs.create({ name: "lb", ...input });
    clock.advance(world.timing.nlbProvisionMs);
    expect([cloud.nlbs.get(broken.id).state, cloud.nlbs.get(nlb.id).state]).toEqual(["failed", "active"]);

    const changed = cloud.nlbs.updateHealthCheck(nlb.id, { intervalSeconds: 30, unhealthyThreshold: 5 });
    expect(changed.healthCheck).toMatchObject({ intervalSeconds: 30, unhealthyThreshold: 5, healthyThreshold: 3 });
    expectWorldError(() => cloud.nlbs.updateHealthCheck(nlb.id, { intervalSeconds: 1 }), "InvalidParameter");

    expect(cloud.nlbs.beginDelete(nlb.id).state).toBe("deleting");
    expectWorldError(() => cloud.nlbs.addTargets(nlb.id, []), "IncorrectState", /being deleted/);
    expectWorldError(() => cloud.subnets.delete(net.subnetId), "DependencyViolation", /load balancer/);
    clock.advance(world.timing.nlbDeleteMs - 1);
    expect(cloud.nlbs.beginDelete(nlb.id).state).toBe("deleting");
    clock.advance(1);
    expectWorldError(() => cloud.nlbs.get(nlb.id), "NotFound");
    expect(cloud.nlbs.list().items.map((n) => n.name)).toEqual(["broken"]);
  });
});

describe("tags", () => {
  it("add, list, remove and find tags on every kind of resource", async () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const vm = runVm(cloud, net);
    const { keyPair } = await cloud.keyPairs.create({ name: "k", keyType: "ed25519", tags: { team: "blue" } });
    expect(cloud.tags.add(vm.id, { env: "prod", team: "red" }, { kind: "instance" })).toEqual({
      env: "prod",
      team: "red",
    });
    expect(cloud.tags.add(net.subnetId, { tier: "web" })).toEqual({ tier: "web" });
    expectWorldError(() => cloud.tags.add(vm.id, { a: "b" }, { kind: "volume" }), "NotFound");
    expectWorldError(() => cloud.tags.add(vm.id, { "": "x" }), "InvalidParameter");
    expect(cloud.tags.list(keyPair.id)).toEqual({ team: "blue" });

    const found = (keyword?: string, kinds?: ("instance" | "key-pair")[]) =>
      cloud.tags.find({ keyword, kinds }).items.map((r) => r.name);
    expect(found()).toEqual(["net-sub", "vm-1", "k"]);
    expect(found("team")).toEqual(["vm-1", "k"]);
    expect(found("blue")).toEqual(["k"]);
    expect(found("", ["instance"])).toEqual(["vm-1"]);

    expect(cloud.tags.remove(vm.id, ["env"])).toEqual({ team: "red" });
    expectWorldError(() => cloud.tags.remove(vm.id, ["env"]), "NotFound", /env/);
    expect(cloud.vms.get(vm.id).tags).toEqual({ team: "red" });
  });
});

/** The modulus of an "ssh-rsa" line (string name, mpint e, mpint n), as hex without sign byte. */
function sshRsaModulus(line: string): string {
  const blob = Buffer.from(line.split(" ")[1] ?? "", "base64");
  const fields: Buffer[] = [];
  for (let at = 0; at < blob.length;) {
    const length = blob.readUInt32BE(at);
    fields.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  const n = fields[2] ?? Buffer.alloc(0);
  return (n[0] === 0 ? n.subarray(1) : n).toString("hex");
}

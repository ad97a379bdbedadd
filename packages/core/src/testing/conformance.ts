import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBaristaError } from "../errors.js";
import type { ErrorCode } from "../errors.js";
import type { DriverCapabilities, OptionalOperation } from "../driver/capabilities.js";
import type { HandlerName } from "../driver/handlers.js";
import { supportsOperation } from "../driver/capabilities.js";
import type { QuotaInfo } from "../model/quota.js";
import type { SecurityRule } from "../model/security-group.js";
import type { Connection } from "../runtime/connection.js";
import { collect } from "../util/paginate.js";
import { requireTagRules } from "../runtime/validate.js";
import { describeBehaviour } from "./conformance-behaviour.js";
import { describeClusterConformance } from "./conformance-cluster.js";
import { describeTransport } from "./conformance-transport.js";
import type { TransportOptions } from "../driver/transport.js";
import type { ConformanceApis } from "./conformance-behaviour.js";
import type { ConformanceTarget } from "./conformance-target.js";

export interface ConformanceContext {
  target: () => ConformanceTarget;
  connection: () => Connection;
}

export interface ConformanceOptions {
  name: string;
  /** The driver's capabilities: the suite skips what the driver lacks. */
  capabilities: DriverCapabilities;
  setup: () => Promise<ConformanceTarget>;
  /** Public image id for VMs; default: the first available Linux x86_64 image of the catalog. */
  image?: string;
  /** VM spec; default: the smallest x86_64 spec without GPUs. */
  spec?: string;
  /** Per-test timeout (ms); raise it for drivers that talk HTTP to a slow emulator. */
  timeoutMs?: number;
  /**
   * Native API names of a few operations. With them (and a target with `control`), the suite also
   * tests behaviour beyond the happy path: throttling, refusals, eventual consistency, lost answers,
   * aborts, half-finished creates, pagination and call history.
   */
  apis?: ConformanceApis;
  /** A target whose driver was made with these transport options (drivers that speak HTTP). */
  setupWithTransport?: (transport: TransportOptions) => Promise<ConformanceTarget>;
  additionalTests?: (ctx: ConformanceContext) => void;
  /**
   * Subnets the cluster tests add to "cf-vpc" and give clusters besides "cf-subnet-a" (EKS wants
   * subnets in two zones at least).
   */
  clusterSubnets?: { name: string; ipv4Cidr: string; zone?: string }[];
}

/** Resolves to the error a promise rejects with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the operation to fail, but it succeeded");
}

async function expectCode(
  promise: Promise<unknown>,
  code: ErrorCode,
  details: { field?: string; rule?: string } = {},
): Promise<void> {
  const error = await failure(promise);
  if (!isBaristaError(error)) throw error;
  expect(error.code, error.message).toBe(code);
  if (details.field !== undefined) expect(error.field).toBe(details.field);
  if (details.rule !== undefined) expect(error.rule).toBe(details.rule);
}

/** The figures of every quota are non-negative numbers that agree with each other. */
function checkQuotas(quotas: readonly QuotaInfo[]): void {
  const seen = new Set<string>();
  for (const q of quotas) {
    const label = `${q.scope} quota ${q.name}`;
    expect(q.name, label).toMatch(/\S/);
    expect(["region", "account"], label).toContain(q.scope);
    expect(q.unit, label).toMatch(/\S/);
    expect(seen.has(`${q.scope}/${q.name}`), `${label} listed twice`).toBe(false);
    seen.add(`${q.scope}/${q.name}`);
    for (const figure of [q.limit, q.used, q.available]) {
      if (figure === undefined) continue;
      expect(Number.isFinite(figure) && figure >= 0, `${label}: ${figure}`).toBe(true);
    }
    if (q.unlimited) expect([q.limit, q.available], `${label} is unlimited`).toEqual([undefined, undefined]);
    if (q.limit === undefined) continue;
    if (q.used !== undefined) expect(q.used, `${label}: used`).toBeLessThanOrEqual(q.limit);
    if (q.available !== undefined)
      expect(q.available, `${label}: available`).toBeLessThanOrEqual(Math.max(0, q.limit - (q.used ?? 0)));
  }
}

function usedOf(quotas: readonly QuotaInfo[], name: string): number | undefined {
  return quotas.find((q) => q.name === name && q.scope === "region")?.used ?? quotas.find((q) => q.name === name)?.used;
}

const ssh: SecurityRule = { direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" };
const ping: SecurityRule = { direction: "inbound", protocol: "ICMP", cidr: "10.0.0.0/8" };
const dns: SecurityRule = { direction: "outbound", protocol: "UDP", fromPort: 53, toPort: 53, cidr: "0.0.0.0/0" };

/**
 * The driver conformance suite: a full resource lifecycle through the runtime, with negative and
 * concurrency cases. Every driver's test file calls it once; it must leave the account empty.
 */
export function describeDriverConformance(options: ConformanceOptions): void {
  const caps = options.capabilities;
  const has = (handler: HandlerName): boolean => caps.handlers[handler];
  const can = (operation: OptionalOperation): boolean => supportsOperation(caps, operation);
  const timeout = options.timeoutMs ?? 60_000;
  const { apis } = options;
  let target: ConformanceTarget | undefined;
  let conn: Connection | undefined;
  const connection = (): Connection => {
    if (!conn) throw new Error("conformance setup did not run");
    return conn;
  };
  let image = options.image ?? "";
  let spec = options.spec ?? "";
  /** Quotas as listed before the suite made any VM. */
  let quotasBefore: QuotaInfo[] | undefined;
  const vmBase = () => ({
    image,
    specName: spec,
    vpcName: "cf-vpc",
    subnetName: "cf-subnet-a",
    securityGroupNames: ["cf-sg"],
    keyPairName: "cf-key",
  });

  describe(`driver conformance: ${options.name}`, () => {
    beforeAll(async () => {
      target = await options.setup();
      conn = await target.barista.connection(target.connectionName);
    }, timeout);

    afterAll(async () => {
      if (!target) return;
      try {
        if (conn) await conn.destroyAll();
      } finally {
        await target.teardown?.();
      }
    }, timeout * 4);

    describe("metadata", () => {
      it.skipIf(!has("regionZone"))(
        "lists regions and zones, including the connection's region",
        async () => {
          const regions = await collect(connection().metadata.regionZones());
          expect(regions.length).toBeGreaterThan(0);
          const own = regions.find((r) => r.name === connection().region);
          expect(own, `region ${connection().region} missing`).toBeDefined();
          expect(own?.zones.length).toBeGreaterThan(0);
          for (const r of regions) {
            expect(r.displayName).not.toBe("");
            if (r.location) {
              expect(Math.abs(r.location.latitude)).toBeLessThanOrEqual(90);
              expect(Math.abs(r.location.longitude)).toBeLessThanOrEqual(180);
            }
          }
        },
        timeout,
      );

      it.skipIf(!has("image"))(
        "lists images with platform, architecture and status",
        async () => {
          const images = await collect(connection().metadata.images());
          expect(images.length).toBeGreaterThan(0);
          for (const i of images) {
            expect(i.id).not.toBe("");
            expect(["Linux/UNIX", "Windows", "NA"]).toContain(i.osPlatform);
            expect(["Available", "Unavailable", "NA"]).toContain(i.status);
          }
          const linux = images.find(
            (i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64" && i.status === "Available",
          );
          expect(linux, "no available Linux x86_64 image").toBeDefined();
          image ||= linux?.id ?? "";
          expect((await connection().metadata.image(image)).id).toBe(image);
        },
        timeout,
      );

      it.skipIf(!has("image"))(
        "serves the image catalog from the cache the second time",
        async () => {
          const { barista } = target as ConformanceTarget;
          const from = new Date(0);
          await barista.history.flush();
          const before = (await barista.history.query({ from, connection: connection().name, resourceType: "images" }))
            .length;
          await collect(connection().metadata.images());
          await barista.history.flush();
          const after = (await barista.history.query({ from, connection: connection().name, resourceType: "images" }))
            .length;
          expect(after).toBe(before);
          await collect(connection().metadata.images({ refresh: true }));
          await barista.history.flush();
          const refreshed = (
            await barista.history.query({ from, connection: connection().name, resourceType: "images" })
          ).length;
          expect(refreshed).toBeGreaterThan(after);
        },
        timeout,
      );

      it.skipIf(!has("spec"))(
        "lists VM specs with vCPUs, memory and architecture",
        async () => {
          const specs = await collect(connection().metadata.specs());
          expect(specs.length).toBeGreaterThan(0);
          for (const s of specs) {
            expect(s.vcpu.count).toBeGreaterThan(0);
            expect(s.memorySizeMiB).toBeGreaterThan(0);
            for (const g of s.gpus) expect(g.count).toBeGreaterThan(0);
          }
          const small = specs
            .filter((s) => s.architecture === "x86_64" && s.gpus.length === 0)
            .sort((a, b) => a.vcpu.count - b.vcpu.count || a.memorySizeMiB - b.memorySizeMiB)[0];
          expect(small).toBeDefined();
          spec ||= small?.name ?? "";
          expect((await connection().metadata.spec(spec)).name).toBe(spec);
        },
        timeout,
      );

      it.skipIf(!has("quota"))(
        "lists quotas whose figures agree with each other",
        async () => {
          const quotas = await collect(connection().metadata.quotas());
          expect(quotas.length).toBeGreaterThan(0);
          checkQuotas(quotas);
          const compute = quotas.filter((q) => (q.name === "vms" || q.name === "vcpus") && q.used !== undefined);
          expect(compute.length, "the driver reports the use of neither vms nor vcpus").toBeGreaterThan(0);
          quotasBefore = quotas;
        },
        timeout,
      );

      it.skipIf(has("quota"))(
        "refuses quotas as NotSupported without a quota handler",
        async () => {
          await expectCode(collect(connection().metadata.quotas()), "NotSupported");
        },
        timeout,
      );

      it.skipIf(!has("price"))(
        "lists on-demand prices with currency, unit and provenance",
        async () => {
          const prices = await collect(connection().metadata.prices());
          expect(prices.length).toBeGreaterThan(0);
          for (const p of prices) {
            expect(p.onDemand.price).toBeGreaterThan(0);
            expect(p.onDemand.currency).toMatch(/^[A-Z]{3}$/);
            expect(p.onDemand.unit).toBe("Hour");
            expect(p.retrievedAt).toBeInstanceOf(Date);
            expect(p.source).not.toBe("");
            expect(p.region).toBe(connection().region);
          }
        },
        timeout,
      );
    });

    describe.skipIf(!has("vpc"))("VPC and subnets", () => {
      it(
        "creates a VPC with a subnet and reads it back by name",
        async () => {
          const vpc = await connection().vpc.create({
            name: "cf-vpc",
            ipv4Cidr: "10.0.0.0/16",
            subnets: [{ name: "cf-subnet-a", ipv4Cidr: "10.0.1.0/24" }],
          });
          expect(vpc.iid.nameId).toBe("cf-vpc");
          expect(vpc.iid.systemId).not.toBe("");
          expect(vpc.subnets.map((s) => s.iid.nameId)).toEqual(["cf-subnet-a"]);
          const again = await connection().vpc.get("cf-vpc");
          expect(again.iid).toEqual(vpc.iid);
          const listed = await collect(connection().vpc.list());
          expect(listed.map((v) => v.iid.nameId)).toContain("cf-vpc");
        },
        timeout,
      );

      it.skipIf(!can("vpc.addSubnet") || !can("vpc.removeSubnet"))(
        "adds and removes a subnet",
        async () => {
          const grown = await connection().vpc.addSubnet("cf-vpc", { name: "cf-subnet-b", ipv4Cidr: "10.0.2.0/24" });
          expect(grown.subnets.map((s) => s.iid.nameId).sort()).toEqual(["cf-subnet-a", "cf-subnet-b"]);
          await connection().vpc.removeSubnet("cf-vpc", "cf-subnet-b");
          const shrunk = await connection().vpc.get("cf-vpc");
          expect(shrunk.subnets.map((s) => s.iid.nameId)).toEqual(["cf-subnet-a"]);
        },
        timeout,
      );

      it(
        "rejects bad input with the field and rule, creating nothing",
        async () => {
          const c = connection();
          await expectCode(c.vpc.create({ name: "cf-bad", ipv4Cidr: "10.0.0.0/33", subnets: [] }), "InvalidArgument", {
            field: "ipv4Cidr",
            rule: "cidr",
          });
          await expectCode(
            c.vpc.create({
              name: "cf-bad",
              ipv4Cidr: "10.1.0.0/16",
              subnets: [{ name: "s", ipv4Cidr: "10.2.0.0/24" }],
            }),
            "InvalidArgument",
            { field: "subnets[0].ipv4Cidr", rule: "cidr-within-vpc" },
          );
          await expectCode(
            c.vpc.create({ name: "9starts-with-digit", ipv4Cidr: "10.1.0.0/16", subnets: [] }),
            "InvalidArgument",
            {
              field: "name",
              rule: "name-characters",
            },
          );
          await expectCode(c.vpc.get("cf-bad"), "NotFound");
        },
        timeout,
      );

      it(
        "refuses a duplicate name",
        async () => {
          await expectCode(
            connection().vpc.create({ name: "cf-vpc", ipv4Cidr: "10.9.0.0/16", subnets: [] }),
            "AlreadyExists",
          );
        },
        timeout,
      );
    });

    describe.skipIf(!has("securityGroup"))("security groups", () => {
      it(
        "creates a group with rules in the VPC",
        async () => {
          const sg = await connection().securityGroup.create({ name: "cf-sg", vpcName: "cf-vpc", rules: [ssh, ping] });
          expect(sg.iid.nameId).toBe("cf-sg");
          expect(sg.vpcIID.nameId).toBe("cf-vpc");
          expect(sg.rules).toEqual(
            expect.arrayContaining([expect.objectContaining(ssh), expect.objectContaining(ping)]),
          );
        },
        timeout,
      );

      it.skipIf(!can("securityGroup.addRules") || !can("securityGroup.removeRules"))(
        "adds and removes rules",
        async () => {
          const added = await connection().securityGroup.addRules("cf-sg", [dns]);
          expect(added.rules).toEqual(expect.arrayContaining([expect.objectContaining(dns)]));
          await connection().securityGroup.removeRules("cf-sg", [dns]);
          const after = await connection().securityGroup.get("cf-sg");
          expect(after.rules).not.toEqual(expect.arrayContaining([expect.objectContaining(dns)]));
          expect(after.rules).toEqual(expect.arrayContaining([expect.objectContaining(ssh)]));
        },
        timeout,
      );

      it(
        "rejects invalid ports and missing references",
        async () => {
          const c = connection();
          const bad = (rule: Partial<SecurityRule>) =>
            c.securityGroup.create({ name: "cf-sg-bad", vpcName: "cf-vpc", rules: [{ ...ssh, ...rule }] });
          await expectCode(bad({ fromPort: 0 }), "InvalidArgument", { field: "rules[0].fromPort", rule: "port" });
          await expectCode(bad({ toPort: 70000 }), "InvalidArgument", { field: "rules[0].toPort", rule: "port" });
          await expectCode(bad({ fromPort: 30, toPort: 20 }), "InvalidArgument", { rule: "port-range" });
          await expectCode(bad({ cidr: "300.0.0.0/8" }), "InvalidArgument", { field: "rules[0].cidr", rule: "cidr" });
          await expectCode(
            c.securityGroup.create({ name: "cf-sg-bad", vpcName: "cf-no-such-vpc", rules: [] }),
            "NotFound",
          );
        },
        timeout,
      );
    });

    describe.skipIf(!has("keyPair"))("key pairs", () => {
      it(
        "returns the private key on create only",
        async () => {
          const key = await connection().keyPair.create({ name: "cf-key" });
          expect(key.privateKey).toMatch(/PRIVATE KEY/);
          expect(key.fingerprint).not.toBe("");
          const read = await connection().keyPair.get("cf-key");
          expect(read.privateKey).toBeUndefined();
          expect(read.iid).toEqual(key.iid);
          await expectCode(connection().keyPair.create({ name: "cf-key" }), "AlreadyExists");
        },
        timeout,
      );

      it(
        "unregisters and registers an existing key without touching the cloud",
        async () => {
          const key = await connection().keyPair.get("cf-key");
          await connection().keyPair.unregister("cf-key");
          await expectCode(connection().keyPair.get("cf-key"), "NotFound");
          const adopted = await connection().keyPair.register({ name: "cf-key", systemId: key.iid.systemId });
          expect(adopted.iid).toEqual(key.iid);
        },
        timeout,
      );
    });

    describe.skipIf(!has("vm"))("VMs", () => {
      it(
        "starts a VM and returns when it is Running",
        async () => {
          const vm = await connection().vm.create({ name: "cf-vm", ...vmBase() });
          expect(vm.iid.nameId).toBe("cf-vm");
          expect(vm.status ?? (await connection().vm.getStatus("cf-vm"))).toBe("Running");
          expect(vm.vpcIID.nameId).toBe("cf-vpc");
          expect(vm.subnetIID.nameId).toBe("cf-subnet-a");
          expect(vm.securityGroupIIDs.map((s) => s.nameId)).toEqual(["cf-sg"]);
          expect(vm.keyPairIID?.nameId).toBe("cf-key");
          expect(vm.privateIp).toMatch(/^10\.0\.1\.\d+$/);
          expect(vm.specName).toBe(spec);
        },
        timeout,
      );

      it.skipIf(!has("quota"))(
        "counts the new VM in the VM and vCPU use the driver reports",
        async () => {
          expect(quotasBefore, "the quota listing test did not run").toBeDefined();
          const after = await collect(connection().metadata.quotas());
          checkQuotas(after);
          const vcpus = (await connection().metadata.spec(spec)).vcpu.count;
          const grown = (["vms", "vcpus"] as const).flatMap((name) => {
            const before = usedOf(quotasBefore ?? [], name);
            const now = usedOf(after, name);
            return before === undefined || now === undefined ? [] : [{ name, grewBy: now - before }];
          });
          // Only cf-vm was made since the first listing (the account starts empty).
          expect(grown.length, "no vms or vcpus use reported both times").toBeGreaterThan(0);
          for (const g of grown) expect(g, g.name).toEqual({ name: g.name, grewBy: g.name === "vms" ? 1 : vcpus });
        },
        timeout,
      );

      it(
        "gets, lists and reports status",
        async () => {
          const c = connection();
          expect((await c.vm.get("cf-vm")).iid.nameId).toBe("cf-vm");
          expect((await collect(c.vm.list())).map((v) => v.iid.nameId)).toContain("cf-vm");
          expect(await c.vm.getStatus("cf-vm")).toBe("Running");
          const statuses = await collect(c.vm.listStatus());
          expect(statuses).toContainEqual({ iid: expect.objectContaining({ nameId: "cf-vm" }), status: "Running" });
        },
        timeout,
      );

      it.skipIf(!can("vm.suspend") || !can("vm.resume"))(
        "suspends and resumes",
        async () => {
          expect(await connection().vm.suspend("cf-vm")).toBe("Suspended");
          expect(await connection().vm.getStatus("cf-vm")).toBe("Suspended");
          expect(await connection().vm.resume("cf-vm")).toBe("Running");
        },
        timeout,
      );

      it.skipIf(!can("vm.reboot"))(
        "reboots",
        async () => {
          expect(await connection().vm.reboot("cf-vm")).toBe("Running");
        },
        timeout,
      );

      it(
        "refuses missing references and bad requests",
        async () => {
          const c = connection();
          await expectCode(c.vm.create({ name: "cf-vm-x", ...vmBase(), subnetName: "cf-no-subnet" }), "NotFound");
          await expectCode(c.vm.create({ name: "cf-vm-x", ...vmBase(), securityGroupNames: [] }), "InvalidArgument", {
            field: "securityGroupNames",
            rule: "non-empty",
          });
          await expectCode(c.vm.create({ name: "cf-vm", ...vmBase() }), "AlreadyExists");
        },
        timeout,
      );

      it(
        "refuses to delete a VPC that is still in use",
        async () => {
          await expectCode(connection().vpc.delete("cf-vpc"), "Conflict");
          expect((await connection().vpc.get("cf-vpc")).iid.nameId).toBe("cf-vpc");
        },
        timeout,
      );
    });

    describe.skipIf(!has("disk") || !has("vm"))("disks", () => {
      it(
        "creates, attaches, detaches, resizes and deletes a disk",
        async () => {
          const c = connection();
          const disk = await c.disk.create({ name: "cf-disk", diskSizeGB: 20 });
          expect(disk.status).toBe("Available");
          expect(disk.diskSizeGB).toBe(20);
          // Grown where the cloud allows it: while attached (IBM), else once detached again.
          const resizeWhen = caps.quirks.diskResizeWhen;
          const resize = async () => {
            expect((await c.disk.resize("cf-disk", 40)).diskSizeGB).toBe(40);
            await expectCode(c.disk.resize("cf-disk", 0), "InvalidArgument", { field: "sizeGB" });
          };
          if (can("disk.attach")) {
            const attached = await c.disk.attach("cf-disk", "cf-vm");
            expect(attached.status).toBe("Attached");
            expect(attached.ownerVm?.nameId).toBe("cf-vm");
            await expectCode(c.disk.delete("cf-disk"), "Conflict");
            if (can("disk.resize") && resizeWhen === "attached") await resize();
            const detached = await c.disk.detach("cf-disk", "cf-vm");
            expect(detached.status).toBe("Available");
            expect(detached.ownerVm).toBeUndefined();
          }
          if (can("disk.resize") && (resizeWhen !== "attached" || !can("disk.attach"))) await resize();
          await c.disk.delete("cf-disk");
          await expectCode(c.disk.get("cf-disk"), "NotFound");
        },
        timeout,
      );
    });

    describe.skipIf(!has("myImage") || !has("vm"))("my-images", () => {
      it(
        "snapshots a VM and deletes the image",
        async () => {
          const c = connection();
          const img = await c.myImage.create({ name: "cf-image", sourceVmName: "cf-vm" });
          expect(img.status).toBe("Available");
          expect(img.sourceVmIID.nameId).toBe("cf-vm");
          expect((await collect(c.myImage.list())).map((i) => i.iid.nameId)).toContain("cf-image");
          await c.myImage.delete("cf-image");
          await expectCode(c.myImage.get("cf-image"), "NotFound");
        },
        timeout,
      );
    });

    describe.skipIf(!has("nlb") || !has("vm"))("network load balancers", () => {
      it(
        "creates an NLB over VMs, changes its group, reports health and deletes it",
        async () => {
          const c = connection();
          await c.vm.create({ name: "cf-vm-2", ...vmBase() });
          const nlb = await c.nlb.create({
            name: "cf-nlb",
            vpcName: "cf-vpc",
            listener: { protocol: "TCP", port: 80 },
            vmGroup: { protocol: "TCP", port: 8080, vmNames: ["cf-vm"] },
            healthChecker: { protocol: "TCP", port: 8080, intervalSec: 10, timeoutSec: 5, threshold: 3 },
          });
          expect(nlb.iid.nameId).toBe("cf-nlb");
          expect(nlb.vpcIID.nameId).toBe("cf-vpc");
          expect(nlb.vmGroup.vms.map((v) => v.nameId)).toEqual(["cf-vm"]);
          expect(nlb.listener.port).toBe(80);
          if (can("nlb.addVms")) {
            const grown = await c.nlb.addVms("cf-nlb", ["cf-vm-2"]);
            expect(grown.vmGroup.vms.map((v) => v.nameId).sort()).toEqual(["cf-vm", "cf-vm-2"]);
          }
          if (can("nlb.health")) {
            const health = await c.nlb.getHealth("cf-nlb");
            expect(health.all.map((v) => v.nameId)).toContain("cf-vm");
            expect(health.healthy.length + health.unhealthy.length).toBe(health.all.length);
          }
          if (can("nlb.removeVms") && can("nlb.addVms")) {
            await c.nlb.removeVms("cf-nlb", ["cf-vm-2"]);
            expect((await c.nlb.get("cf-nlb")).vmGroup.vms.map((v) => v.nameId)).toEqual(["cf-vm"]);
          }
          await c.nlb.delete("cf-nlb");
          await expectCode(c.nlb.get("cf-nlb"), "NotFound");
          await c.vm.delete("cf-vm-2");
        },
        timeout * 2,
      );
    });

    describe.skipIf(!has("cluster") || !has("vpc") || !has("securityGroup") || !has("keyPair"))("clusters", () => {
      describeClusterConformance({
        capabilities: caps,
        connection,
        spec: () => spec,
        timeoutMs: timeout,
        extraSubnets: options.clusterSubnets ?? [],
      });
    });

    describe.skipIf(!has("tag") || !has("vm") || !caps.tagResourceTypes.includes("vm"))("tags", () => {
      it(
        "adds, reads, finds and removes a tag",
        async () => {
          const c = connection();
          const vm = { resourceType: "vm" as const, name: "cf-vm" };
          expect(await c.tag.add(vm, { key: "team", value: "conformance" })).toEqual({
            key: "team",
            value: "conformance",
          });
          expect(await c.tag.get(vm, "team")).toEqual({ key: "team", value: "conformance" });
          expect(await c.tag.list(vm)).toContainEqual({ key: "team", value: "conformance" });
          const found = await collect(c.tag.find("vm", "conform"));
          expect(found.map((f) => f.iid.nameId)).toContain("cf-vm");
          await c.tag.remove(vm, "team");
          expect(await c.tag.list(vm)).not.toContainEqual({ key: "team", value: "conformance" });
          await expectCode(c.tag.get(vm, "team"), "NotFound");
        },
        timeout,
      );

      it(
        'keeps keys such as "__proto__", "constructor" and "toString" as ordinary tags, end to end',
        async () => {
          const c = connection();
          const vm = { resourceType: "vm" as const, name: "cf-vm" };
          // A cloud with a narrow key alphabet (GCP labels) refuses some of them: before any call,
          // typed. The others must behave as any key.
          const allowed = (key: string): boolean => {
            try {
              requireTagRules("key", key, undefined, caps.tagRules);
              return true;
            } catch {
              return false;
            }
          };
          const keys = ["__proto__", "constructor", "toString"].filter(allowed);
          for (const key of ["__proto__", "constructor", "toString"].filter((k) => !allowed(k))) {
            await expectCode(c.tag.add(vm, { key, value: "v" }), "InvalidArgument");
          }
          expect(keys.length).toBeGreaterThan(0);
          // Never set: what an ordinary key that was never set gives, not an inherited property.
          for (const key of keys) await expectCode(c.tag.get(vm, key), "NotFound");
          const neverSet = await c.tag.remove(vm, "cf-never-set").then(
            () => "resolved",
            (e: unknown) => (isBaristaError(e) ? e.code : "untyped"),
          );
          const neverSetKey = keys.at(-1) ?? "";
          const neverSetProto = await c.tag.remove(vm, neverSetKey).then(
            () => "resolved",
            (e: unknown) => (isBaristaError(e) ? e.code : "untyped"),
          );
          expect(neverSetProto).toBe(neverSet);

          for (const key of keys) {
            expect(await c.tag.add(vm, { key, value: `v-${key}` })).toEqual({ key, value: `v-${key}` });
          }
          for (const key of keys) expect(await c.tag.get(vm, key)).toEqual({ key, value: `v-${key}` });
          const listed = await c.tag.list(vm);
          for (const key of keys) expect(listed).toContainEqual({ key, value: `v-${key}` });
          const found = (await collect(c.tag.find("vm", keys[0] ?? ""))).find((f) => f.iid.nameId === "cf-vm");
          const foundTag = (key: string): string | undefined =>
            found && Object.hasOwn(found.tags, key) ? found.tags[key] : undefined;
          for (const key of keys) expect(foundTag(key)).toBe(`v-${key}`);
          for (const key of keys) await c.tag.remove(vm, key);
          const left = (await c.tag.list(vm)).map((t) => t.key);
          for (const key of keys) expect(left).not.toContain(key);
          for (const key of keys) await expectCode(c.tag.get(vm, key), "NotFound");
        },
        timeout,
      );
    });

    describe.skipIf(!has("securityGroup") || !has("vpc"))("concurrency", () => {
      it(
        "creates 100 distinct names in parallel",
        async () => {
          const c = connection();
          const names = Array.from({ length: 100 }, (_, i) => `cf-par-${i}`);
          const results = await Promise.allSettled(
            names.map((name) => c.securityGroup.create({ name, vpcName: "cf-vpc", rules: [ssh] })),
          );
          const failed = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
          expect(failed).toEqual([]);
          const pages = async (): Promise<number> => {
            const { history } = (target as ConformanceTarget).barista;
            await history.flush();
            return (await history.query({ connection: c.name, api: apis?.listSecurityGroups ?? "" })).length;
          };
          const before = await pages();
          const listed = (await collect(c.securityGroup.list())).map((s) => s.iid.nameId);
          expect(listed).toEqual(expect.arrayContaining(names));
          // A hundred groups take more than three pages at any page size the suite's targets use.
          if (apis) expect((await pages()) - before, "pages read").toBeGreaterThanOrEqual(4);
          await Promise.all(names.map((name) => c.securityGroup.delete(name)));
        },
        timeout * 4,
      );

      it(
        "lets exactly one of 10 parallel creates of one name succeed",
        async () => {
          const c = connection();
          const results = await Promise.allSettled(
            Array.from({ length: 10 }, () =>
              c.securityGroup.create({ name: "cf-same", vpcName: "cf-vpc", rules: [ssh] }),
            ),
          );
          expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
          const codes = results.flatMap((r) =>
            r.status === "rejected" && isBaristaError(r.reason) ? [r.reason.code] : [],
          );
          expect(codes).toEqual(Array(9).fill("AlreadyExists"));
          await c.securityGroup.delete("cf-same");
        },
        timeout * 2,
      );
    });

    if (apis && has("vm") && has("vpc") && has("securityGroup")) {
      describeBehaviour({
        barista: () => (target as ConformanceTarget).barista,
        connection,
        control: () => target?.control,
        apis,
        vmBase,
        timeout,
      });
    }

    if (options.setupWithTransport) describeTransport(options.setupWithTransport, timeout);

    describe.skipIf(!has("vm"))("terminated VMs", () => {
      it(
        "deletes a VM and then treats its name as unknown",
        async () => {
          const c = connection();
          await c.vm.delete("cf-vm");
          await expectCode(c.vm.getStatus("cf-vm"), "NotFound");
          await expectCode(c.vm.suspend("cf-vm"), "NotFound");
        },
        timeout,
      );
    });

    options.additionalTests?.({ target: () => target as ConformanceTarget, connection });

    describe("destroy everything", () => {
      it(
        "deletes all remaining resources in dependency order",
        async () => {
          const report = await connection().destroyAll();
          expect(report.byType.flatMap((t) => t.remaining)).toEqual([]);
          expect(report.allDestroyed).toBe(true);
          // Nothing this suite made may be left in the cloud (their cloud-side names start with "cf-" or "cf_").
          const c = connection();
          const services = [
            has("vpc") && c.vpc,
            has("securityGroup") && c.securityGroup,
            has("keyPair") && c.keyPair,
            has("vm") && c.vm,
            has("disk") && c.disk,
            has("myImage") && c.myImage,
            has("nlb") && c.nlb,
            has("cluster") && c.cluster,
          ];
          for (const service of services) {
            if (!service) continue;
            const inventory = await service.inventory();
            expect(inventory.mapped).toEqual([]);
            expect(inventory.onlyTracked).toEqual([]);
            expect(inventory.onlyInCloud.filter((i) => /^cf[-_]/.test(i.nameId))).toEqual([]);
          }
        },
        timeout * 4,
      );
    });
  });
}

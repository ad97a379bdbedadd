/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { account, closingClients } from "./support.js";
import type { RawClient } from "./support.js";

const client = closingClients();

const modern = { "openstack-api-version": "compute 2.79" };

/** Starts an m1.medium (2 vCPUs, 4 GiB) on a new network. */
async function server(c: RawClient): Promise<void> {
  const net = (await c.call("POST", "/network/v2.0/networks", { network: { name: "n" } })).body.network;
  await c.call("POST", "/network/v2.0/subnets", {
    subnet: { network_id: net.id, name: "s", cidr: "10.0.1.0/24", ip_version: 4 },
  });
  const image = (await c.call("GET", "/image/v2/images?visibility=public&limit=100")).body.images.find(
    (i: any) => i.architecture === "x86_64",
  );
  const flavor = (await c.call("GET", "/compute/v2.1/flavors/detail?limit=100")).body.flavors.find(
    (f: any) => f.name === "m1.medium",
  );
  const created = await c.call(
    "POST",
    "/compute/v2.1/servers",
    { server: { name: "vm", imageRef: image.id, flavorRef: flavor.id, networks: [{ uuid: net.id }] } },
    modern,
  );
  expect(created.status).toBe(202);
}

describe("OpenStack front: quotas", () => {
  it("serves Nova's absolute limits from the world's quotas and use, shaped by the microversion", async () => {
    const c = await client();
    c.world.quotas.set({ provider: "OPENSTACK", account, region: "RegionOne" }, { vcpus: 6, vms: 3 });
    await server(c);
    const answer = await c.call("GET", "/compute/v2.1/limits", undefined, modern);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      limits: {
        absolute: {
          maxServerMeta: 128,
          maxTotalCores: 6,
          maxTotalInstances: 3,
          maxTotalKeypairs: 100,
          maxTotalRAMSize: -1,
          maxServerGroups: -1,
          maxServerGroupMembers: -1,
          totalCoresUsed: 2,
          totalInstancesUsed: 1,
          totalRAMUsed: 4096,
          totalServerGroupsUsed: 0,
        },
        rate: [],
      },
    });
    // Before 2.36 the network proxies' limits are there too; before 2.57 file injection's.
    const old = (await c.call("GET", "/compute/v2.1/limits")).body.limits.absolute;
    expect(old).toMatchObject({
      maxSecurityGroups: 10,
      maxSecurityGroupRules: 100,
      totalSecurityGroupsUsed: 0,
      maxImageMeta: 128,
      maxPersonality: 0,
      maxTotalCores: 6,
    });
    // Another region of the same project has its own quotas.
    const other = await c.call("GET", `${c.front.url}/kr-central-1/compute/v2.1/limits`, undefined, modern);
    expect(other.body.limits.absolute).toMatchObject({ maxTotalCores: 20, totalCoresUsed: 0, totalInstancesUsed: 0 });
  });

  it("stops counting a server once it is deleted", async () => {
    const c = await client();
    await server(c);
    const id = (await c.call("GET", "/compute/v2.1/servers", undefined, modern)).body.servers[0].id;
    await c.call("DELETE", `/compute/v2.1/servers/${id}`, undefined, modern);
    c.clock.advance(c.world.timing.vmTerminateMs);
    expect((await c.call("GET", "/compute/v2.1/limits", undefined, modern)).body.limits.absolute).toMatchObject({
      totalCoresUsed: 0,
      totalInstancesUsed: 0,
      totalRAMUsed: 0,
    });
  });

  it("serves Neutron's quota details of the token's project only", async () => {
    const c = await client();
    await server(c);
    await c.call("POST", "/network/v2.0/security-groups", { security_group: { name: "g" } });
    const answer = await c.call("GET", `/network/v2.0/quotas/${c.projectId}/details.json`);
    expect(answer.status).toBe(200);
    expect(answer.body.quota).toEqual({
      network: { limit: 100, used: 1, reserved: 0 },
      subnet: { limit: -1, used: 1, reserved: 0 },
      router: { limit: -1, used: 0, reserved: 0 },
      floatingip: { limit: -1, used: 0, reserved: 0 },
      security_group: { limit: 10, used: 1, reserved: 0 },
      // Neutron adds its default egress rule to a new group.
      security_group_rule: { limit: -1, used: expect.any(Number), reserved: 0 },
    });
    expect(answer.body.quota.security_group_rule.used).toBeGreaterThan(0);
    expect((await c.call("GET", `/network/v2.0/quotas/${c.projectId}/details`)).status).toBe(200);
    const foreign = await c.call("GET", "/network/v2.0/quotas/someone-else/details.json");
    expect(foreign.status).toBe(403);
    expect(foreign.body.NeutronError.type).toBe("PolicyNotAuthorized");
  });

  it("serves Cinder's absolute limits from the world's disk quotas", async () => {
    const c = await client();
    c.world.quotas.set({ provider: "OPENSTACK", account }, { disks: 4, diskTotalGB: 50 });
    await c.call("POST", `/volume/v3/${c.projectId}/volumes`, { volume: { name: "v1", size: 5 } });
    const answer = await c.call("GET", `/volume/v3/${c.projectId}/limits`);
    expect(answer.status).toBe(200);
    expect(answer.body.limits.rate).toEqual([]);
    expect(answer.body.limits.absolute).toEqual({
      maxTotalVolumes: 4,
      totalVolumesUsed: 1,
      maxTotalVolumeGigabytes: 50,
      totalGigabytesUsed: 5,
      maxTotalSnapshots: -1,
      totalSnapshotsUsed: 0,
      maxTotalBackups: -1,
      totalBackupsUsed: 0,
      maxTotalBackupGigabytes: -1,
      totalBackupGigabytesUsed: 0,
    });
  });

  it("passes each read through the world's gate under its API name", async () => {
    const c = await client();
    c.world.faults.add({ provider: "OPENSTACK", api: "nova:ShowLimits", kind: "internal", times: 1 });
    c.world.faults.add({ provider: "OPENSTACK", api: "neutron:ShowQuotaDetails", kind: "internal", times: 1 });
    c.world.faults.add({ provider: "OPENSTACK", api: "cinder:ShowLimits", kind: "internal", times: 1 });
    expect((await c.call("GET", "/compute/v2.1/limits")).status).toBe(500);
    expect((await c.call("GET", `/network/v2.0/quotas/${c.projectId}/details.json`)).status).toBe(500);
    expect((await c.call("GET", `/volume/v3/${c.projectId}/limits`)).status).toBe(500);
    expect((await c.call("GET", "/compute/v2.1/limits")).status).toBe(200);
  });
});

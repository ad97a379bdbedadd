import { describe, expect, it } from "vitest";
import { collect } from "@cloud-barista/core";
import type { VirtualClock } from "@cloud-barista/core";
import { account, fixturesClosedAfterEach, rawCall } from "./support.js";
import type { OpenStackFixture } from "./support.js";

// Adopting an existing project (docs/drivers/openstack.md): what other tools made, untagged and
// under their own names (a network, the project's "default" group, a key, a server booted from a
// volume), is listed, registered and then managed through the SDK like its own resources.

const fixture = fixturesClosedAfterEach();

/** The cloud as another tool calls it, outside the SDK; the call must succeed. */
async function other<T>(
  f: OpenStackFixture,
  service: "compute" | "network",
  method: string,
  path: string,
  body?: unknown,
) {
  const answer = await rawCall<T>(f, service, method, path, body);
  expect(answer.status, `${method} ${path}`).toBeLessThan(300);
  return answer.body;
}

describe("adopting an existing OpenStack project", () => {
  it("lists, registers and manages what other tools made", async () => {
    const fx = await fixture();
    const cloud = fx.world.accountRegion({ provider: "OPENSTACK", account, region: "kr-central-1" });
    const images = await collect(fx.conn.metadata.images());
    const image = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64");
    type Named = { id: string; name: string };
    const { flavors } = await other<{ flavors: Named[] }>(fx, "compute", "GET", "/flavors");
    const flavor = flavors.find((x) => x.name === "m1.small");

    // Made by another tool: no SDK tags, its own names.
    const { network: net } = await other<{ network: Named }>(fx, "network", "POST", "/networks", {
      network: { name: "ops-net" },
    });
    const { subnet: sub } = await other<{ subnet: Named }>(fx, "network", "POST", "/subnets", {
      subnet: { network_id: net.id, name: "ops-sub", ip_version: 4, cidr: "192.168.50.0/24" },
    });
    const { security_group: group } = await other<{ security_group: Named }>(
      fx,
      "network",
      "POST",
      "/security-groups",
      {
        security_group: { name: "default" },
      },
    );
    await other(fx, "compute", "POST", "/os-keypairs", { keypair: { name: "ops-key" } });
    const { server } = await other<{ server: { id: string } }>(fx, "compute", "POST", "/servers", {
      server: {
        name: "legacy-app",
        flavorRef: flavor?.id,
        key_name: "ops-key",
        networks: [{ uuid: net.id }],
        security_groups: [{ name: "default" }],
        block_device_mapping_v2: [
          {
            boot_index: 0,
            uuid: image?.id,
            source_type: "image",
            destination_type: "volume",
            volume_size: 15,
            delete_on_termination: true,
          },
        ],
      },
    });
    (fx.clock as VirtualClock).advance(300_000);

    // Listed: the inventories show them as the cloud's, not yet tracked.
    expect((await fx.conn.vpc.inventory()).onlyInCloud.map((i) => i.systemId)).toEqual([net.id]);
    expect((await fx.conn.securityGroup.inventory()).onlyInCloud.map((i) => i.systemId)).toContain(group.id);
    expect((await fx.conn.vm.inventory()).onlyInCloud.map((i) => i.systemId)).toEqual([server.id]);

    // Registered: the project-wide default group needs the VPC it is used in.
    await fx.conn.vpc.register({ name: "legacy", systemId: net.id });
    await fx.conn.vpc.registerSubnet("legacy", { name: "app", systemId: sub.id });
    await expect(fx.conn.securityGroup.register({ name: "default", systemId: group.id })).rejects.toMatchObject({
      code: "Conflict",
      field: "vpcName",
    });
    const adoptedGroup = await fx.conn.securityGroup.register({
      name: "default",
      systemId: group.id,
      vpcName: "legacy",
    });
    expect(adoptedGroup.vpcIID.nameId).toBe("legacy");
    await fx.conn.keyPair.register({ name: "ops", systemId: "ops-key" });
    const vm = await fx.conn.vm.register({ name: "old", systemId: server.id });
    expect(vm).toMatchObject({
      status: "Running",
      vpcIID: { nameId: "legacy", systemId: net.id },
      subnetIID: { nameId: "app", systemId: sub.id },
      securityGroupIIDs: [{ nameId: "default", systemId: group.id }],
      keyPairIID: { nameId: "ops" },
      // Booted from a volume: Nova says "image": ""; the image and size are the volume's.
      imageIID: { systemId: image?.id },
      rootDiskSizeGB: 15,
      dataDiskIIDs: [],
      vmUserId: image?.extra?.["loginUser"],
      privateIp: expect.stringMatching(/^192\.168\.50\./),
    });

    // Managed: controlled, tagged, given a disk, joined by a new VM in the same network and group.
    expect(await fx.conn.vm.suspend("old")).toBe("Suspended");
    expect(await fx.conn.vm.resume("old")).toBe("Running");
    await fx.conn.tag.add({ resourceType: "vm", name: "old" }, { key: "owner", value: "ops" });
    await fx.conn.disk.create({ name: "logs", diskSizeGB: 5 });
    await fx.conn.disk.attach("logs", "old");
    expect((await fx.conn.vm.get("old")).dataDiskIIDs.map((d) => d.nameId)).toEqual(["logs"]);
    const peer = await fx.conn.vm.create({
      name: "new",
      image: image?.id ?? "",
      specName: "m1.small",
      vpcName: "legacy",
      subnetName: "app",
      securityGroupNames: ["default"],
      keyPairName: "ops",
    });
    expect(peer.privateIp).toMatch(/^192\.168\.50\./);

    // Deleted through the SDK: Nova takes the boot volume with the server (delete_on_termination).
    await fx.conn.disk.detach("logs", "old");
    await fx.conn.vm.delete("old");
    const logs = await fx.conn.disk.get("logs");
    expect(cloud.disks.list().items.map((d) => d.id)).toEqual([logs.iid.systemId]);
  });
});

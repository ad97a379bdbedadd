import { describe, expect, it } from "vitest";
import { project, start } from "./support.js";

// A firewall rule applies to the instances it targets as soon as it is made, changed or removed.

const zone = "us-central1-a";

describe("the GCP front's firewall rules and instances", () => {
  it("gives running instances the rules that target their tags, and takes them away again", async () => {
    const { send, compute, world, clock } = await start();
    await send("POST", compute("global/networks"), { body: { name: "vpc", autoCreateSubnetworks: false } });
    await send("POST", compute("regions/us-central1/subnetworks"), {
      body: { name: "sub", network: "global/networks/vpc", ipCidrRange: "10.1.0.0/24" },
    });
    const inserted = await send("POST", compute(`zones/${zone}/instances`), {
      body: {
        name: "web-1",
        machineType: `zones/${zone}/machineTypes/e2-medium`,
        disks: [
          {
            boot: true,
            autoDelete: true,
            initializeParams: { sourceImage: "projects/debian-cloud/global/images/family/debian-12" },
          },
        ],
        networkInterfaces: [{ subnetwork: "regions/us-central1/subnetworks/sub" }],
        tags: { items: ["web"] },
      },
    });
    expect(inserted.status).toBe(200);
    clock.advance(60_000);
    const cloud = world.accountRegion({ provider: "GCP", account: project, region: "us-central1" });
    // The groups the instance's interface carries (the world filters its traffic by them).
    const groupsOfVm = () => {
      const vm = cloud.vms.list({ where: (v) => v.name === "web-1" }).items[0];
      const nic = cloud.networkInterfaces.list({ where: (n) => n.attachment?.vm.id === vm?.id }).items[0];
      return (nic?.securityGroups ?? []).map((g) => g.name).sort();
    };
    expect(groupsOfVm()).toEqual([]);
    const rule = {
      name: "allow-http",
      network: "global/networks/vpc",
      allowed: [{ IPProtocol: "tcp", ports: ["80"] }],
      sourceRanges: ["0.0.0.0/0"],
      targetTags: ["web"],
    };
    expect((await send("POST", compute("global/firewalls"), { body: rule })).status).toBe(200);
    const everyone = { ...rule, name: "allow-icmp", allowed: [{ IPProtocol: "icmp" }], targetTags: undefined };
    expect((await send("POST", compute("global/firewalls"), { body: everyone })).status).toBe(200);
    expect(groupsOfVm()).toEqual(["allow-http", "allow-icmp"]);
    await send("PATCH", compute("global/firewalls/allow-http"), { body: { targetTags: ["db"] } });
    expect(groupsOfVm()).toEqual(["allow-icmp"]);
    await send("DELETE", compute("global/firewalls/allow-icmp"));
    expect(groupsOfVm()).toEqual([]);
  });
});

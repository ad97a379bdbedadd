import { collect } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { fixturesClosedAfterEach, recordedApis } from "./support.js";

// Through the public API and the OpenStack front: the native calls of each VM read and start. Nova names
// neither the subnet nor the groups by id, so a read is the server and its Neutron ports; images,
// flavors and networks are remembered per connection, Neutron's floating IPs read with details.

const fixture = fixturesClosedAfterEach();

describe("driver-openstack VM calls", () => {
  it("make two calls without details and read floating IPs from Neutron only with them", async () => {
    const f = await fixture();
    await f.conn.vpc.create({ name: "net", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] });
    await f.conn.securityGroup.create({ name: "ssh", vpcName: "net", rules: [] });
    await f.conn.keyPair.create({ name: "key" });
    const image =
      (await collect(f.conn.metadata.images())).find(
        (i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64",
      )?.id ?? "";
    const request = {
      image,
      specName: "m1.small",
      vpcName: "net",
      subnetName: "web",
      securityGroupNames: ["ssh"],
      keyPairName: "key",
    };
    const created = await f.conn.vm.create({ name: "web-1", ...request });
    const seen = (await recordedApis(f.barista)).length;
    const since = async (from: number) => (await recordedApis(f.barista)).slice(from);

    const plain = await f.conn.vm.get("web-1");
    expect(await since(seen)).toEqual(["nova:ShowServer", "neutron:ListPorts"]);
    const mark = (await recordedApis(f.barista)).length;
    const detailed = await f.conn.vm.get("web-1", { details: true });
    expect(await since(mark)).toEqual(["nova:ShowServer", "neutron:ListPorts", "neutron:ListFloatingIPs"]);
    // Nova's addresses and Neutron's floating IPs agree.
    expect(plain.publicIp).toBeDefined();
    expect(plain).toEqual(detailed);
    expect(plain).toMatchObject({
      publicIp: created.publicIp,
      subnetIID: { nameId: "web" },
      securityGroupIIDs: [{ nameId: "ssh" }],
      imageIID: { systemId: image },
    });

    const beforeList = (await recordedApis(f.barista)).length;
    expect((await collect(f.conn.vm.list())).map((v) => v.publicIp)).toEqual([plain.publicIp]);
    expect(await since(beforeList)).toEqual(["nova:ListServersDetailed", "neutron:ListPorts"]);

    // A second VM of a known flavor, image, network and key pair: only the calls that make it.
    const beforeCreate = (await recordedApis(f.barista)).length;
    await f.conn.vm.create({ name: "web-2", ...request }, { wait: false });
    expect(await since(beforeCreate)).toEqual(["neutron:CreatePort", "nova:CreateServer", "neutron:CreateFloatingIP"]);
  });

  it("take a key pair made again under its name from its create, not the deleted one's memory", async () => {
    const f = await fixture();
    await f.conn.vpc.create({ name: "net", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] });
    await f.conn.securityGroup.create({ name: "ssh", vpcName: "net", rules: [] });
    await f.conn.keyPair.create({ name: "key" });
    const image =
      (await collect(f.conn.metadata.images())).find(
        (i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64",
      )?.id ?? "";
    const request = { image, specName: "m1.small", vpcName: "net", subnetName: "web", securityGroupNames: ["ssh"] };
    await f.conn.vm.create({ name: "a", ...request, keyPairName: "key" }, { wait: false });
    await f.conn.keyPair.delete("key");
    await f.conn.keyPair.create({ name: "key" });
    const before = (await recordedApis(f.barista)).length;
    await f.conn.vm.create({ name: "b", ...request, keyPairName: "key" }, { wait: false });
    const calls = (await recordedApis(f.barista)).slice(before);
    // The new key's create told its public half; the deleted key's was forgotten.
    expect(calls).toEqual(["neutron:CreatePort", "nova:CreateServer", "neutron:CreateFloatingIP"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerMockConnection, startHarness } from "./harness.js";
import type { Harness } from "./harness.js";

// CB-Spider's REST full test (api-runtime/rest-runtime/test/full-test/*-full_test.sh) over HTTP:
// VPC create, add subnet, list, get; security group; key pair; VM start, list, get, list status, get
// status, suspend, resume, reboot; then terminate and delete in reverse. Against the emulator's
// MOCK cloud, reached by driver-mock over the mock front's HTTP.

let h: Harness;
const conn = "mock-seoul-config";
const q = `ConnectionName=${conn}`;
const iid = { NameId: expect.any(String), SystemId: expect.any(String) };

beforeAll(async () => {
  h = await startHarness();
  await registerMockConnection(h, "a", conn);
});
afterAll(() => h.close());

describe("the CB-Spider full-test sequence over HTTP", () => {
  it("runs from VPC create to VPC delete with Spider's JSON shapes", { timeout: 30_000 }, async () => {
    const { call } = h;
    const image = (await call("a", "GET", `/spider/vmimage?${q}`)).body.image as {
      IId: { NameId: string };
      ImageStatus: string;
      OSArchitecture: string;
    }[];
    const imageName = image.find((i) => i.ImageStatus === "Available" && i.OSArchitecture === "x86_64")?.IId.NameId;
    const specs = (await call("a", "GET", `/spider/vmspec?${q}`)).body.vmspec as {
      Name: string;
      VCpu: { Count: string };
    }[];
    expect(specs[0]).toMatchObject({ Name: expect.any(String), VCpu: { Count: expect.stringMatching(/^\d+$/) } });
    const specName = specs.find((s) => s.Name === "mock-small")?.Name;
    expect(imageName && specName).toBeTruthy();

    // 1. VPC: create, add subnet, list, get
    const vpc = await call("a", "POST", "/spider/vpc", {
      ConnectionName: conn,
      ReqInfo: {
        Name: "vpc-01",
        IPv4_CIDR: "192.168.0.0/16",
        SubnetInfoList: [{ Name: "subnet-01", IPv4_CIDR: "192.168.1.0/24" }],
      },
    });
    expect(vpc.status).toBe(200);
    expect(vpc.body).toMatchObject({
      IId: { NameId: "vpc-01", SystemId: expect.any(String) },
      IPv4_CIDR: "192.168.0.0/16",
      SubnetInfoList: [
        {
          IId: { NameId: "subnet-01", SystemId: expect.any(String) },
          IPv4_CIDR: "192.168.1.0/24",
          Zone: expect.any(String),
        },
      ],
    });
    const added = await call("a", "POST", "/spider/vpc/vpc-01/subnet", {
      ConnectionName: conn,
      ReqInfo: { Name: "subnet-02", IPv4_CIDR: "192.168.2.0/24" },
    });
    expect(added.status).toBe(200);
    expect((added.body.SubnetInfoList as { IId: { NameId: string } }[]).map((s) => s.IId.NameId).sort()).toEqual([
      "subnet-01",
      "subnet-02",
    ]);
    const vpcs = await call("a", "GET", `/spider/vpc?${q}`);
    expect(vpcs.body).toEqual({
      vpc: [expect.objectContaining({ IId: { NameId: "vpc-01", SystemId: expect.any(String) } })],
    });
    expect((await call("a", "GET", `/spider/vpc/vpc-01?${q}`)).body).toMatchObject({ IId: { NameId: "vpc-01" } });
    expect((await call("a", "GET", `/spider/vpc/vpc-01/subnet/subnet-02?${q}`)).body).toMatchObject({
      IId: { NameId: "subnet-02" },
      IPv4_CIDR: "192.168.2.0/24",
    });

    // 2. Security group: create, list, get
    const sg = await call("a", "POST", "/spider/securitygroup", {
      ConnectionName: conn,
      ReqInfo: {
        Name: "sg-01",
        VPCName: "vpc-01",
        SecurityRules: [
          { Direction: "inbound", IPProtocol: "TCP", FromPort: "22", ToPort: "22", CIDR: "0.0.0.0/0" },
          { Direction: "outbound", IPProtocol: "ALL", FromPort: "-1", ToPort: "-1" },
        ],
      },
    });
    expect(sg.status).toBe(200);
    expect(sg.body).toMatchObject({
      IId: { NameId: "sg-01", SystemId: expect.any(String) },
      VpcIID: { NameId: "vpc-01", SystemId: expect.any(String) },
      SecurityRules: expect.arrayContaining([
        { Direction: "inbound", IPProtocol: "TCP", FromPort: "22", ToPort: "22", CIDR: "0.0.0.0/0" },
      ]),
    });
    const rules = await call("a", "POST", "/spider/securitygroup/sg-01/rules", {
      ConnectionName: conn,
      ReqInfo: { RuleInfoList: [{ Direction: "inbound", IPProtocol: "TCP", FromPort: "80", ToPort: "80" }] },
    });
    expect(rules.body.SecurityRules).toContainEqual({
      Direction: "inbound",
      IPProtocol: "TCP",
      FromPort: "80",
      ToPort: "80",
      CIDR: "0.0.0.0/0",
    });
    expect(
      (
        await call("a", "DELETE", "/spider/securitygroup/sg-01/rules", {
          ConnectionName: conn,
          ReqInfo: { RuleInfoList: [{ Direction: "inbound", IPProtocol: "TCP", FromPort: "80", ToPort: "80" }] },
        })
      ).body,
    ).toEqual({ Result: "true" });
    expect((await call("a", "GET", `/spider/securitygroup?${q}`)).body.securitygroup).toHaveLength(1);
    expect((await call("a", "GET", `/spider/securitygroup/sg-01?${q}`)).body).toMatchObject({
      IId: { NameId: "sg-01" },
    });

    // 3. Key pair: create (with its private key, only now), list, get (without)
    const key = await call("a", "POST", "/spider/keypair", { ConnectionName: conn, ReqInfo: { Name: "keypair-01" } });
    expect(key.status).toBe(200);
    expect(key.body).toMatchObject({
      IId: { NameId: "keypair-01" },
      PrivateKey: expect.stringContaining("PRIVATE KEY"),
      VMUserID: expect.any(String),
    });
    const keys = await call("a", "GET", `/spider/keypair?${q}`);
    expect(keys.body.keypair).toEqual([
      expect.objectContaining({ IId: { NameId: "keypair-01", SystemId: expect.any(String) } }),
    ]);
    expect((await call("a", "GET", `/spider/keypair/keypair-01?${q}`)).body).not.toHaveProperty("PrivateKey");

    // 4. VM: start, list, get, list status, get status, suspend, resume, reboot
    const vm = await call("a", "POST", "/spider/vm", {
      ConnectionName: conn,
      ReqInfo: {
        Name: "vm-01",
        ImageName: imageName,
        VMSpecName: specName,
        VPCName: "vpc-01",
        SubnetName: "subnet-01",
        SecurityGroupNames: ["sg-01"],
        KeyPairName: "keypair-01",
      },
    });
    expect(vm.status).toBe(200);
    expect(vm.body).toMatchObject({
      IId: { NameId: "vm-01", SystemId: expect.any(String) },
      Region: { Region: h.front.region, Zone: expect.any(String) },
      ImageIId: iid,
      VMSpecName: specName,
      VpcIID: { NameId: "vpc-01" },
      SubnetIID: { NameId: "subnet-01" },
      SecurityGroupIIds: [{ NameId: "sg-01", SystemId: expect.any(String) }],
      KeyPairIId: { NameId: "keypair-01" },
      PrivateIP: expect.stringMatching(/^192\.168\.1\./),
      Platform: "LINUX/UNIX",
      StartTime: expect.stringMatching(/^\d{4}-/),
    });
    expect((await call("a", "GET", `/spider/vm?${q}`)).body.vm).toEqual([
      expect.objectContaining({ IId: { NameId: "vm-01", SystemId: expect.any(String) } }),
    ]);
    expect((await call("a", "GET", `/spider/vm/vm-01?${q}`)).body).toMatchObject({ IId: { NameId: "vm-01" } });
    expect((await call("a", "GET", `/spider/vmstatus?${q}`)).body).toEqual({
      vmstatus: [{ IId: { NameId: "vm-01", SystemId: expect.any(String) }, VmStatus: "Running" }],
    });
    expect((await call("a", "GET", `/spider/vmstatus/vm-01?${q}`)).body).toEqual({ Status: "Running" });

    // Spider answers control with the transition; a client polls until it is over.
    const untilStatus = async (want: string): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        if ((await call("a", "GET", `/spider/vmstatus/vm-01?${q}`)).body.Status === want) return;
        h.clock.advance(5_000);
      }
      throw new Error(`vm-01 never became ${want}`);
    };
    expect((await call("a", "GET", `/spider/controlvm/vm-01?${q}&action=suspend`)).body).toEqual({
      Status: expect.stringMatching(/^Suspend/),
    });
    await untilStatus("Suspended");
    expect((await call("a", "PUT", `/spider/controlvm/vm-01?${q}&action=resume&wait=true`)).body).toEqual({
      Status: "Running",
    });
    expect((await call("a", "GET", `/spider/controlvm/vm-01?${q}&action=reboot&wait=true`)).body).toEqual({
      Status: "Running",
    });

    // 5. Terminate and delete in reverse
    expect((await call("a", "DELETE", `/spider/vm/vm-01`, { ConnectionName: conn })).body).toEqual({
      Status: "Terminated",
    });
    expect((await call("a", "GET", `/spider/vm?${q}`)).body).toEqual({ vm: [] });
    expect((await call("a", "DELETE", `/spider/keypair/keypair-01?${q}`)).body).toEqual({ Result: "true" });
    expect((await call("a", "DELETE", `/spider/securitygroup/sg-01`, { ConnectionName: conn })).body).toEqual({
      Result: "true",
    });
    expect((await call("a", "DELETE", `/spider/vpc/vpc-01/subnet/subnet-02`, { ConnectionName: conn })).body).toEqual({
      Result: "true",
    });
    expect((await call("a", "DELETE", `/spider/vpc/vpc-01`, { ConnectionName: conn })).body).toEqual({
      Result: "true",
    });
    expect((await call("a", "GET", `/spider/vpc?${q}`)).body).toEqual({ vpc: [] });
    const missing = await call("a", "GET", `/spider/vpc/vpc-01?${q}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: expect.stringContaining("vpc-01"), code: "NotFound" });
  });

  it(
    "answers region/zone, prices, list-all, register and lock introspection in Spider's shapes",
    { timeout: 30_000 },
    async () => {
      const { call } = h;
      const zones = await call("a", "GET", `/spider/regionzone?${q}`);
      expect(zones.body.regionzone).toContainEqual(
        expect.objectContaining({
          Name: h.front.region,
          ZoneList: expect.arrayContaining([expect.objectContaining({ Status: "Available" })]),
        }),
      );
      const prices = await call("a", "GET", `/spider/priceinfo/vm/${h.front.region}?${q}&simple`);
      expect(prices.body).toMatchObject({ CloudName: "MOCK", RegionName: h.front.region });
      expect((prices.body.PriceList as unknown[])[0]).toMatchObject({
        ProductInfo: { VMSpecName: expect.any(String) },
        PriceInfo: { OnDemand: { Currency: "USD", Unit: "Hour", Price: expect.stringMatching(/^\d/) } },
      });

      // A VPC made behind the SDK's back shows up only in the cloud, until it is registered.
      const made = await call("a", "POST", "/spider/vpc", {
        ConnectionName: conn,
        ReqInfo: {
          Name: "vpc-reg",
          IPv4_CIDR: "10.1.0.0/16",
          SubnetInfoList: [{ Name: "sn", IPv4_CIDR: "10.1.1.0/24" }],
        },
      });
      const systemId = (made.body.IId as { SystemId: string }).SystemId;
      expect((await call("a", "DELETE", `/spider/regvpc/vpc-reg?${q}`)).body).toEqual({ Result: "true" });
      const all = await call("a", "GET", `/spider/allvpc?${q}`);
      expect(all.body).toEqual({
        AllList: { MappedList: [], OnlySpiderList: [], OnlyCSPList: [expect.objectContaining({ SystemId: systemId })] },
      });
      const registered = await call("a", "POST", "/spider/regvpc", {
        ConnectionName: conn,
        ReqInfo: { Name: "vpc-again", CSPId: systemId },
      });
      expect(registered.body).toMatchObject({ IId: { NameId: "vpc-again", SystemId: systemId } });
      expect((await call("a", "GET", `/spider/allvpc?${q}`)).body).toMatchObject({
        AllList: { MappedList: [{ NameId: "vpc-again", SystemId: systemId }], OnlyCSPList: [] },
      });
      expect((await call("a", "DELETE", `/spider/vpc/vpc-again?${q}`)).status).toBe(200);

      expect((await call("a", "GET", `/spider/driver/capability?${q}`)).body).toMatchObject({
        ZoneBasedControl: true,
        VPCHandler: true,
        VMHandler: true,
        ClusterHandler: true,
        VPC_CIDR: true,
        TagSupportResourceType: expect.arrayContaining(["vpc", "sg", "vm"]),
      });
      expect((await call("a", "GET", "/spider/countconnectionconfig/MOCK")).body).toEqual({ count: 1 });
      expect((await call("a", "GET", "/spider/countconnectionconfig/AWS")).body).toEqual({ count: 0 });
      expect((await call("a", "GET", "/spider/countvm")).body).toEqual({ count: 0 });
      expect((await call("a", "GET", `/spider/countvpc/${conn}`)).body).toEqual({ count: 0 });
      const locks = await call("a", "GET", "/spider/splockinfo");
      expect(locks.body).toEqual({ splockinfo: [], splockstate: [] });
    },
  );
});

import { collect } from "@cloud-barista/core/driver";
import { closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { ibmVendorClient } from "../src/index.js";
import { newSshKey } from "../src/ssh-key.js";
import { vmBasics } from "@cloud-barista/emulator/testing";
import { calls, ibmFixture } from "./setup.js";
import type { IbmFixture } from "./setup.js";

// Real accounts hold resources made by other tools (the console, Terraform, the IBM CLI): untagged,
// with IBM's automatic address prefixes, subnets sized by address count, rules without a remote.
// They are made here with plain HTTP calls through the connection's vendor client, then read and
// adopted through the SDK.

const open = closedAfterEach(ibmFixture);

/** One raw VPC API call, as another tool would send it; the parsed answer. */
async function raw(
  f: IbmFixture,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const vendor = await ibmVendorClient(f.conn);
  const query = new URLSearchParams(vendor.vpcQuery).toString();
  const response = await vendor.http.request<string>({
    method,
    url: `${vendor.roots.vpc}/v1${path}?${query}`,
    headers: { authorization: `Bearer ${await vendor.token()}`, "content-type": "application/json" },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = JSON.parse(response.data) as Record<string, unknown>;
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${response.data}`);
  return answer;
}

const idOf = (answer: Record<string, unknown>): string => String(answer["id"]);

describe("driver-ibm reads what other tools made", () => {
  it("adopts a VPC with automatic prefixes, a subnet sized by count, a group without remotes and an instance", async () => {
    const f = await open();
    const basics = await vmBasics(f);
    const vpc = idOf(await raw(f, "POST", "/vpcs", { name: "legacy" }));
    const subnet = idOf(
      await raw(f, "POST", "/subnets", {
        name: "legacy-a",
        vpc: { id: vpc },
        zone: { name: "us-south-1" },
        total_ipv4_address_count: 256,
      }),
    );
    const group = idOf(
      await raw(f, "POST", "/security_groups", {
        name: "legacy-sg",
        vpc: { id: vpc },
        rules: [{ direction: "inbound", protocol: "tcp", port_min: 22, port_max: 22 }],
      }),
    );
    const key = idOf(
      await raw(f, "POST", "/keys", { name: "legacy-key", public_key: (await newSshKey("x")).publicKey }),
    );
    const instance = idOf(
      await raw(f, "POST", "/instances", {
        name: "legacy-vm",
        profile: { name: basics.spec },
        zone: { name: "us-south-1" },
        image: { id: basics.image },
        vpc: { id: vpc },
        keys: [{ id: key }],
        primary_network_interface: { subnet: { id: subnet }, security_groups: [{ id: group }] },
      }),
    );

    // The SDK sees them as the cloud's, not its own, until they are adopted.
    expect((await f.conn.vpc.inventory()).onlyInCloud.map((i) => i.nameId)).toContain("legacy");
    const adopted = await f.conn.vpc.register({ name: "old-net", systemId: vpc });
    expect(adopted.subnets).toEqual([expect.objectContaining({ zone: "us-south-1" })]);
    expect(adopted.subnets[0]?.ipv4Cidr).toMatch(/^10\.\d+\.\d+\.0\/24$/);
    const sg = await f.conn.securityGroup.register({ name: "old-sg", systemId: group, vpcName: "old-net" });
    expect(sg.rules).toEqual([{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }]);
    await f.conn.keyPair.register({ name: "old-key", systemId: key });

    const before = (await calls(f, "get_instance_initialization")).length;
    const vm = await f.conn.vm.register({ name: "old-vm", systemId: instance });
    // Its keys are read once (IBM never changes them), its login user is IBM's: root.
    expect((await calls(f, "get_instance_initialization")).length).toBe(before + 1);
    expect(vm).toMatchObject({
      keyPairIID: { nameId: "old-key", systemId: key },
      securityGroupIIDs: [{ nameId: "old-sg", systemId: group }],
      vpcIID: { nameId: "old-net" },
      vmUserId: "root",
      imageType: "PublicImage",
    });
    expect(vm.publicIp).toBeUndefined();
    await f.conn.vm.get("old-vm");
    expect((await calls(f, "get_instance_initialization")).length).toBe(before + 1);
    expect((await collect(f.conn.vm.list())).map((v) => v.iid.nameId)).toEqual(["old-vm"]);
  });
});

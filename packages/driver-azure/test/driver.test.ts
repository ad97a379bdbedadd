import { collect, isBaristaError } from "@cloud-barista/core";
import { closedAfterEach, rejectionOf } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import type { SecurityRule } from "@cloud-barista/core";
import { azureVendorClients } from "../src/index.js";
import { azureFixture, clientSecret, subscriptionId } from "./setup.js";
import type { AzureFixture } from "./setup.js";

// driver-azure through the runtime and the real Azure SDK, over HTTPS to the emulator's Azure
// front: what is particular to Azure (Entra ID, ARM tokens, long-running operations, nextLink,
// throttling, resource groups). The behaviour every driver shares is in the conformance suite.

const open = closedAfterEach(azureFixture);

async function calls(f: AzureFixture, api?: string) {
  await f.barista.history.flush();
  const records = await f.barista.history.query({ connection: f.connectionName, from: new Date(0) });
  return records.filter((r) => api === undefined || r.api === api);
}

const net = { name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] };

describe("driver-azure over the Azure front", () => {
  it("refuses a wrong client secret at login, once, without echoing it", async () => {
    const f = await open({ secret: "not-the-secret" });
    const error = await rejectionOf(f.conn.vpc.create(net));
    expect(isBaristaError(error, "Unauthenticated")).toBe(true);
    expect(error).toMatchObject({ provider: "AZURE", nativeCode: "invalid_client", retryable: false });
    expect(String((error as Error).message)).toMatch(/AADSTS7000215/);
    expect(String((error as Error).message)).not.toContain("not-the-secret");
    // Nothing was made, and the refused call was not repeated.
    expect(f.world.resourceGroups.list({ provider: "AZURE", account: subscriptionId })).toEqual([]);
    expect((await calls(f, "ResourceGroups_CreateOrUpdate")).map((c) => c.error?.code)).toEqual(["Unauthenticated"]);
  });

  it("renews a token ARM refuses as expired and repeats the call once", async () => {
    let now = Date.now();
    const f = await open({ front: { now: () => now } });
    await f.conn.vpc.create(net);
    // The token the SDK holds is still fresh by this machine's clock, but ARM's clock is past it.
    now += 2 * 3_600_000;
    const vpc = await f.conn.vpc.get("net");
    expect(vpc.ipv4Cidr).toBe("10.0.0.0/16");
    const gets = await calls(f, "VirtualNetworks_Get");
    const last = gets.slice(-2);
    expect(last.map((c) => c.error?.code)).toEqual(["Unauthenticated", undefined]);
  });

  it("makes the connection's resource group on first use, in its region, named from the connection", async () => {
    const f = await open();
    expect(await collect(f.conn.vpc.list())).toEqual([]);
    expect(f.world.resourceGroups.list({ provider: "AZURE", account: subscriptionId })).toEqual([]);
    const vpc = await f.conn.vpc.create(net);
    const groups = f.world.resourceGroups.list({ provider: "AZURE", account: subscriptionId });
    expect(groups.map((g) => [g.name, g.location])).toEqual([["cloud-barista-seoul", "koreacentral"]]);
    expect(vpc.iid.systemId).toMatch(
      new RegExp(
        `^/subscriptions/${subscriptionId}/resourceGroups/cloud-barista-seoul/providers/Microsoft.Network/virtualNetworks/`,
      ),
    );
  });

  it("polls a PUT that is InProgress until it Succeeds, through the operation's own URL", async () => {
    const f = await open({ front: { operationMs: 30_000 } });
    const started = f.clock.now();
    await f.conn.vpc.create(net);
    // The waiter slept on the (virtual) clock until the operation's end, polling its status.
    expect(f.clock.now() - started).toBeGreaterThanOrEqual(30_000);
    const polls = await calls(f, "AsyncOperations_Get");
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(f.control.servedApis()).toEqual(
      expect.arrayContaining(["VirtualNetworks_CreateOrUpdate", "AsyncOperations_Get", "VirtualNetworks_Get"]),
    );
  });

  it("retries a throttled PUT after the Retry-After ARM sends, recording every attempt", async () => {
    const f = await open({ front: { operationMs: 0 } });
    await f.conn.keyPair.create({ name: "first" }); // the resource group exists from here on
    const fault = f.control.fail({ api: "VirtualNetworks_CreateOrUpdate", kind: "throttle", times: 2 });
    const started = f.clock.now();
    await f.conn.vpc.create(net);
    expect(fault.fired).toBe(2);
    // 429 with Retry-After: 1 twice: the runtime waited at least that long each time.
    expect(f.clock.now() - started).toBeGreaterThanOrEqual(2_000);
    const attempts = await calls(f, "VirtualNetworks_CreateOrUpdate");
    expect(attempts.map((a) => a.error?.code)).toEqual(["Throttled", "Throttled", undefined]);
  });

  it("follows nextLink over more than three pages", async () => {
    const f = await open({ front: { pageSize: 2 } });
    for (let i = 0; i < 7; i++) await f.conn.keyPair.create({ name: `key-${i}` });
    const before = (await calls(f, "SshPublicKeys_ListByResourceGroup")).length;
    const listed = await collect(f.conn.keyPair.list());
    expect(listed.map((k) => k.iid.nameId).sort()).toEqual(Array.from({ length: 7 }, (_, i) => `key-${i}`));
    expect((await calls(f, "SshPublicKeys_ListByResourceGroup")).length - before).toBe(4);
  });

  it("gives rules unique priorities per direction and denies the rest above Azure's six default rules", async () => {
    const f = await open({ front: { operationMs: 0 } });
    const rule = (direction: "inbound" | "outbound", port: number): SecurityRule => ({
      direction,
      protocol: "TCP",
      fromPort: port,
      toPort: port,
      cidr: "0.0.0.0/0",
    });
    await f.conn.vpc.create(net);
    await f.conn.securityGroup.create({
      name: "sg",
      vpcName: "net",
      rules: [rule("inbound", 22), rule("inbound", 80), rule("outbound", 443)],
    });
    const grown = await f.conn.securityGroup.addRules("sg", [rule("inbound", 8080)]);
    // The portable group holds exactly the rules asked for, in the network it was made for.
    expect(grown.rules).toHaveLength(4);
    expect(grown.vpcIID.nameId).toBe("net");
    const [group] = f.cloud().securityGroups.list().items;
    const of = (direction: string) =>
      (group?.rules ?? []).filter((r) => r.direction === direction).map((r) => [r.priority, r.action]);
    expect(of("ingress")).toEqual([
      [100, "allow"],
      [101, "allow"],
      [102, "allow"],
      [4096, "deny"],
    ]);
    expect(of("egress")).toEqual([
      [100, "allow"],
      [4096, "deny"],
    ]);
    // On the wire the group also has Azure's six default rules, which the deny rules shadow.
    const { network } = await azureVendorClients(f.conn);
    const nsg = await network.networkSecurityGroups.get(
      "cloud-barista-seoul",
      grown.iid.systemId.split("/").pop() ?? "",
    );
    expect(nsg.defaultSecurityRules?.map((r) => r.priority).sort()).toEqual([65000, 65000, 65001, 65001, 65500, 65500]);
    await f.conn.securityGroup.removeRules("sg", [rule("inbound", 80)]);
    const [after] = f.cloud().securityGroups.list().items;
    expect(after?.rules.filter((r) => r.direction === "ingress").map((r) => r.priority)).toEqual([100, 102, 4096]);
  });

  it("lists the region's VM sizes from resource SKUs, leaving out those the subscription may not run there", async () => {
    const f = await open();
    const specs = await collect(f.conn.metadata.specs());
    const names = specs.map((s) => s.name);
    expect(names).toContain("Standard_D2s_v5");
    // Offered in eastus, westus2 and westeurope only: a Location restriction in koreacentral.
    expect(names).not.toContain("Standard_ND96asr_v4");
    await expect(f.conn.metadata.spec("Standard_ND96asr_v4")).rejects.toMatchObject({ code: "NotFound" });
    const arm = specs.find((s) => s.name === "Standard_D2ps_v5");
    expect(arm).toMatchObject({ architecture: "arm64", vcpu: { count: 2 }, memorySizeMiB: 8192 });
    expect(specs.find((s) => s.name === "Standard_NC4as_T4_v3")?.gpus).toEqual([
      { count: 1, manufacturer: "NA", model: "NA" },
    ]);
    expect(arm?.extra?.["zones"]).toBe("1,2,3");
  });

  it("prices each size of the region once, at its Linux pay-as-you-go meter (no Spot, Low Priority, Windows or reservation)", async () => {
    const f = await open({ front: { pageSize: 4 } });
    const prices = await collect(f.conn.metadata.prices());
    const expected = f.cloud().catalog.listPrices().items;
    expect(prices.map((p) => p.specName).sort()).toEqual(expected.map((p) => p.specName).sort());
    for (const p of prices) {
      expect(p.onDemand.price).toBe(expected.find((e) => e.specName === p.specName)?.price);
      expect(p).toMatchObject({
        region: "koreacentral",
        source: "azure-retail-prices-api",
        onDemand: { currency: "USD", unit: "Hour" },
      });
    }
    // Four consumption meters a size (Linux, Spot, Low Priority, Windows) on pages of four: NextPageLink
    // was followed through one page per size.
    expect((await calls(f, "RetailPrices_List")).length).toBe(expected.length);
  });

  it("lists the newest version of each SKU of the configured marketplace offers, and reads any URN", async () => {
    const f = await open({
      driver: {
        imageOffers: [
          ["Canonical", "ubuntu-24_04-lts"],
          ["NoSuchPublisher", "no-offer"],
        ],
      },
    });
    const images = await collect(f.conn.metadata.images());
    // The offer's two SKUs (x64 and Arm64); the missing offer is skipped.
    expect(images.map((i) => i.id.split(":").slice(0, 3).join(":")).sort()).toEqual([
      "Canonical:ubuntu-24_04-lts:server",
      "Canonical:ubuntu-24_04-lts:server-arm64",
    ]);
    for (const i of images) expect(i.id).toMatch(/^Canonical:ubuntu-24_04-lts:[\w-]+:\d+\.\d+\.\d+$/);
    expect(images.find((i) => i.id.includes("arm64"))).toMatchObject({
      osArchitecture: "arm64",
      osPlatform: "Linux/UNIX",
      status: "Available",
    });
    const latest = await f.conn.metadata.image("Canonical:ubuntu-24_04-lts:server:latest");
    expect(latest).toMatchObject({ id: "Canonical:ubuntu-24_04-lts:server:latest", osArchitecture: "x86_64" });
    await expect(f.conn.metadata.image("Canonical:ubuntu-24_04-lts:server:0.0.1")).rejects.toMatchObject({
      code: "NotFound",
    });
    await expect(f.conn.metadata.image("not-a-urn")).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("tags networks, security groups and key pairs through the Tags API, keys like __proto__ included", async () => {
    const f = await open({ front: { operationMs: 0 } });
    await f.conn.vpc.create(net);
    await f.conn.securityGroup.create({ name: "sg", vpcName: "net", rules: [] });
    const vpc = { resourceType: "vpc" as const, name: "net" };
    const sg = { resourceType: "securityGroup" as const, name: "sg", vpcName: "net" };
    for (const key of ["team", "__proto__", "toString"]) {
      expect(await f.conn.tag.add(vpc, { key, value: `v-${key}` })).toEqual({ key, value: `v-${key}` });
    }
    expect(await f.conn.tag.get(vpc, "__proto__")).toEqual({ key: "__proto__", value: "v-__proto__" });
    await expect(f.conn.tag.get(vpc, "constructor")).rejects.toMatchObject({ code: "NotFound" });
    await f.conn.tag.add(sg, { key: "team", value: "web" });
    // The group's own tag that keeps its network is the driver's, not the user's.
    expect(await f.conn.tag.list(sg)).toEqual([{ key: "team", value: "web" }]);
    const found = await collect(f.conn.tag.find("all", "team"));
    expect(found.map((r) => [r.resourceType, r.iid.nameId]).sort()).toEqual([
      ["securityGroup", "sg"],
      ["vpc", "net"],
    ]);
    // A refused long-running call keeps ARM's code (the resource is gone behind the runtime's back).
    f.cloud().securityGroups.delete(f.cloud().securityGroups.list().items[0]?.id ?? "");
    await expect(f.conn.tag.add(sg, { key: "k", value: "v" })).rejects.toMatchObject({
      code: "NotFound",
      nativeCode: "ResourceNotFound",
    });
    await f.conn.tag.remove(vpc, "__proto__");
    expect((await f.conn.tag.list(vpc)).map((t) => t.key).sort()).toEqual(["team", "toString"]);
    expect((await f.conn.vpc.get("net")).tags).toEqual({ team: "v-team", toString: "v-toString" });
  });

  it("keeps the client secret out of every call record", async () => {
    const f = await open();
    await f.conn.keyPair.create({ name: "k" });
    expect(JSON.stringify(await calls(f))).not.toContain(clientSecret);
  });
});

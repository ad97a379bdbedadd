import { azureFixture, subscriptionId } from "./setup.js";
import type { AzureFixture } from "./setup.js";

// A connection with a network to put VMs in (net, subnet web, security group sg, key pair key),
// a VM request for it, and what the tests read back: the world's leftovers and call history.

export const image = "Canonical:ubuntu-24_04-lts:server:latest";

/** A fixture (operations end at once, unless the world's timing says otherwise) with the network made. */
export async function withNetwork(pageSize?: number): Promise<AzureFixture> {
  const f = await azureFixture({ front: { operationMs: 0, ...(pageSize ? { pageSize } : {}) } });
  await f.conn.vpc.create({
    name: "net",
    ipv4Cidr: "10.0.0.0/16",
    subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }],
  });
  await f.conn.securityGroup.create({
    name: "sg",
    vpcName: "net",
    rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
  });
  await f.conn.keyPair.create({ name: "key" });
  return f;
}

export const request = (name: string) => ({
  name,
  image,
  specName: "Standard_B2s",
  vpcName: "net",
  subnetName: "web",
  securityGroupNames: ["sg"],
  keyPairName: "key",
});

/** What the subscription holds in the world: interfaces, public IPs, disks, live VMs. */
export function leftovers(f: AzureFixture) {
  const cloud = f.world.accountRegion({ provider: "AZURE", account: subscriptionId, region: "koreacentral" });
  return {
    nics: cloud.networkInterfaces.list().items.length,
    publicIps: cloud.publicIps.list().items.length,
    disks: cloud.disks.list({ where: (d) => d.state !== "deleting" }).items.length,
    vms: cloud.vms.list({ where: (v) => v.state !== "terminated" }).items.length,
  };
}

export async function calls(f: AzureFixture, api?: string) {
  await f.barista.history.flush();
  const records = await f.barista.history.query({ connection: f.connectionName, from: new Date(0) });
  return records.filter((r) => api === undefined || r.api === api);
}

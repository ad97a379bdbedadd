import { collect } from "@cloud-barista/core";
import type { VmRequest } from "@cloud-barista/core";
import type { EmulatedConnection } from "./emulated-connection.js";

// The network and VM request the drivers' tests share: a VPC with a subnet per zone, a security
// group open on SSH and a key pair, and a VM of the smallest x86_64 spec on an available Linux image.

/** The smallest x86_64 spec without GPUs and an available Linux x86_64 image of the connection's region. */
export async function vmBasics(f: EmulatedConnection): Promise<{ image: string; spec: string }> {
  const images = await collect(f.conn.metadata.images());
  const image =
    images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64" && i.status === "Available")
      ?.id ?? "";
  const specs = await collect(f.conn.metadata.specs());
  const spec =
    specs
      .filter((s) => s.architecture === "x86_64" && s.gpus.length === 0)
      .sort((a, b) => a.vcpu.count - b.vcpu.count || a.memorySizeMiB - b.memorySizeMiB)[0]?.name ?? "";
  return { image, spec };
}

/**
 * A VPC "net" with a subnet per zone ("web-<zone's last character>"), a security group
 * (`securityGroup`, default "sg") and a key pair "key".
 */
export async function withNetwork(
  f: EmulatedConnection,
  zones: readonly string[],
  { securityGroup = "sg" }: { securityGroup?: string } = {},
): Promise<void> {
  await f.conn.vpc.create({
    name: "net",
    ipv4Cidr: "10.0.0.0/16",
    subnets: zones.map((zone, i) => ({ name: `web-${zone.slice(-1)}`, ipv4Cidr: `10.0.${i + 1}.0/24`, zone })),
  });
  await f.conn.securityGroup.create({
    name: securityGroup,
    vpcName: "net",
    rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
  });
  await f.conn.keyPair.create({ name: "key" });
}

/** A VM on `withNetwork`'s network, in `subnet`. */
export const vmRequest = (name: string, basics: { image: string; spec: string }, subnet: string): VmRequest => ({
  name,
  image: basics.image,
  specName: basics.spec,
  vpcName: "net",
  subnetName: subnet,
  securityGroupNames: ["sg"],
  keyPairName: "key",
});

/** Instances of the connection's account and region the world holds, not released. */
export const liveVms = (f: EmulatedConnection) =>
  f.cloud().vms.list({ where: (v) => v.state !== "terminated" && v.state !== "shutting-down" }).items;

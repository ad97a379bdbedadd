import { collect } from "@cloud-barista/core/driver";
import type { VmRequest } from "@cloud-barista/core";
import type { IbmFixture } from "./setup.js";

/** The smallest x86_64 profile and an available Linux x86_64 stock image of the connection's region. */
export async function vmBasics(f: IbmFixture): Promise<{ image: string; spec: string }> {
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

/** A VPC "net" with a subnet per zone ("web-<zone number>"), a security group "sg" and a key pair "key". */
export async function withNetwork(f: IbmFixture, zones: readonly string[]): Promise<void> {
  await f.conn.vpc.create({
    name: "net",
    ipv4Cidr: "10.0.0.0/16",
    subnets: zones.map((zone, i) => ({ name: `web-${zone.slice(-1)}`, ipv4Cidr: `10.0.${i + 1}.0/24`, zone })),
  });
  await f.conn.securityGroup.create({
    name: "sg",
    vpcName: "net",
    rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
  });
  await f.conn.keyPair.create({ name: "key" });
}

export const vmRequest = (name: string, basics: { image: string; spec: string }, subnet: string): VmRequest => ({
  name,
  image: basics.image,
  specName: basics.spec,
  vpcName: "net",
  subnetName: subnet,
  securityGroupNames: ["sg"],
  keyPairName: "key",
});

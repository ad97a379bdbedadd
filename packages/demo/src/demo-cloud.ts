import { collect } from "@cloud-barista/core";
import type { CloudBarista, VmInfo } from "@cloud-barista/core";

/**
 * What the demo makes in each connection: from the catalog a Linux x86_64 image and a 2-vCPU spec,
 * a VPC "demo-net" of `<cidr>.0.0/16` with a subnet "web", a security group "web-sg" (SSH and HTTP
 * in, everything out), a key pair "demo-key" and two VMs "web-1" and "web-2", telling each step to `say`.
 */
export async function buildDemoCloud(
  barista: CloudBarista,
  name: string,
  cidr: string,
  say: (where: string, message: string) => void,
): Promise<VmInfo[]> {
  const conn = await barista.connection(name);
  const image = (await collect(conn.metadata.images())).find(
    (i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64",
  );
  const spec = (await collect(conn.metadata.specs())).find((s) => s.architecture === "x86_64" && s.vcpu.count === 2);
  if (!image || !spec) throw new Error(`no Linux image or 2-vCPU spec in ${conn.region}`);
  say(
    name,
    `catalog: ${image.osDistribution} (${image.id}), spec ${spec.name} (${spec.vcpu.count} vCPU, ${spec.memorySizeMiB / 1024} GiB)`,
  );

  await conn.vpc.create({
    name: "demo-net",
    ipv4Cidr: `${cidr}.0.0/16`,
    subnets: [{ name: "web", ipv4Cidr: `${cidr}.1.0/24` }],
  });
  say(name, `VPC demo-net ${cidr}.0.0/16 with subnet web ${cidr}.1.0/24`);
  await conn.securityGroup.create({
    name: "web-sg",
    vpcName: "demo-net",
    rules: [
      { direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
      { direction: "inbound", protocol: "TCP", fromPort: 80, toPort: 80, cidr: "0.0.0.0/0" },
      { direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" },
    ],
  });
  say(name, "security group web-sg: SSH and HTTP in, everything out");
  const key = await conn.keyPair.create({ name: "demo-key" });
  say(name, `key pair demo-key (${key.fingerprint.slice(0, 23)}...), private key returned once`);

  say(name, "starting VMs web-1 and web-2 ...");
  const vms = await Promise.all(
    ["web-1", "web-2"].map((vmName) =>
      conn.vm.create({
        name: vmName,
        image: image.id,
        specName: spec.name,
        vpcName: "demo-net",
        subnetName: "web",
        securityGroupNames: ["web-sg"],
        keyPairName: "demo-key",
        tags: { app: "demo" },
      }),
    ),
  );
  say(name, `VMs running: ${vms.map((v) => `${v.iid.nameId} ${v.publicIp ?? "-"}`).join(", ")}`);
  return vms;
}

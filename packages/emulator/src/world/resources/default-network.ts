import type { RegionState } from "./region-state.js";
import { SecurityGroupService } from "./security-groups.js";
import { VpcService } from "./vpcs.js";

// The network a cloud gives every account in every region before it asks for anything (EC2's
// default VPC): a VPC, one default subnet per available zone and the VPC's default security group.
// They are the account's own (it may delete them) but exist from the start, so they are visible
// at once and made through the ordinary services, which count them against quotas as AWS does.

/** Seeds the catalog's default network, when it has one, into a new account-region. */
export function seedDefaultNetwork(state: RegionState): void {
  const def = state.catalog.defaultNetwork;
  if (!def) return;
  const zones = state.region.zones.filter((z) => z.status === "available");
  const [a, b] = def.vpcCidr.split("/")[0]?.split(".").map(Number) ?? [];
  // 172.31.0.0/20, 172.31.16.0/20, ...: the /20 blocks EC2 gives default subnets, one per zone.
  const step = 2 ** (32 - def.subnetPrefix);
  const subnets = zones.map((zone, i) => {
    const offset = i * step;
    const cidr = `${a}.${b}.${Math.floor(offset / 256)}.${offset % 256}/${def.subnetPrefix}`;
    return { name: `default-${zone.name}`, cidr, zone: zone.name };
  });
  const vpc = new VpcService(state).create({ name: "default", cidr: def.vpcCidr, subnets });
  const record = state.require(state.vpcs, vpc.id);
  record.isDefault = true;
  record.seeded = true;
  for (const subnet of state.subnets.all()) {
    if (subnet.vpcId !== vpc.id) continue;
    subnet.defaultForZone = true;
    subnet.seeded = true;
  }
  const group = new SecurityGroupService(state).create({
    name: def.securityGroupName,
    vpcId: vpc.id,
    description: def.securityGroupDescription,
    rules: [{ direction: "egress", protocol: "all", cidr: "0.0.0.0/0" }],
  });
  const sg = state.require(state.securityGroups, group.id);
  sg.isDefault = true;
  sg.seeded = true;
}

import { BaristaError, isBaristaError } from "@cloud-barista/core";
import type { Connection, ProviderName } from "@cloud-barista/core";
import { coreVmName, vmId } from "../model/ids.js";
import type { PartialFailurePolicy, SubGroupRequest } from "../model/requests.js";
import type { DefaultPieces, PlannedNetwork } from "../network/default-network.js";
import { DefaultNetworks } from "../network/default-network.js";
import { describeScope } from "../quota/entry.js";
import { QuotaLedger, describeLeft } from "../quota/ledger.js";
import type { McisEnv } from "../env/env.js";
import type { SubGroupRecord } from "../store/records.js";
import { allInOrder } from "../util/all-in-order.js";
import { CatalogLookup } from "./catalog-lookup.js";
import { checkClusterFor } from "./cluster-check.js";
import { unknownReference } from "../util/validate.js";

/** One VM a create would make. */
export interface PlannedVm {
  id: string;
  subGroup: string;
  index: number;
  connection: string;
  provider: ProviderName;
  region: string;
  /** Its name in the connection ("" for a node: the cloud names it). */
  coreName: string;
  /** For a node of a node-group sub-group: the cluster. */
  cluster?: string;
}

/**
 * A connection's quota demand, with what is `available` to it (after the request's VMs in the
 * connections listed before it that share the quota) when a quota entry limits it.
 */
export interface PlannedQuota {
  connection: string;
  vms: { requested: number; available?: number };
  vcpus: { requested: number; available?: number };
}

/** What a create (or dry run) resolved: sub-groups with their network, VMs, default networks, quotas. */
export interface McisPlan {
  namespace: string;
  name: string;
  policy: PartialFailurePolicy;
  subGroups: (Omit<SubGroupRecord, "nextIndex"> & {
    size: number;
    provider: ProviderName;
    region: string;
    vcpusPerVm: number;
  })[];
  vms: PlannedVm[];
  /** Default networks involved, and which of their pieces a create would make now. */
  networks: PlannedNetwork[];
  quotas: PlannedQuota[];
}

/** A sub-group to plan: its request, where it sits in the caller's request, its first VM index. */
export interface GroupToPlan {
  request: SubGroupRequest;
  field: string;
  firstIndex: number;
}

/**
 * Resolves and checks sub-groups against the world as the SDK sees it, creating nothing: the
 * connections exist, specs and images exist and fit, named networks exist, quotas (the
 * application's, and what the drivers report) hold the new VMs. Default network pieces are named,
 * and, with `previewNetworks` (dry runs), what is missing of them is listed.
 */
export async function planGroups(
  env: McisEnv,
  target: { namespace: string; name: string; policy: PartialFailurePolicy },
  groups: readonly GroupToPlan[],
  abortSignal?: AbortSignal,
  previewNetworks = true,
): Promise<McisPlan> {
  const catalog = new CatalogLookup(abortSignal);
  const networks = new DefaultNetworks(env);
  const options = abortSignal ? { abortSignal } : {};
  const plan: McisPlan = { ...target, subGroups: [], vms: [], networks: [], quotas: [] };
  // Lookups of all sub-groups run in parallel (each is a cloud read); the plan is assembled in order.
  const resolved = await allInOrder(
    groups.map(async ({ request: g, field, firstIndex }) => {
      const conn = await env.connection(g.connection, `${field}.connection`);
      const { nodeGroup } = g;
      const cluster = nodeGroup
        ? await checkClusterFor(conn, { ...g, nodeGroup }, field, firstIndex > 1, options)
        : undefined;
      const [spec] = await Promise.all([catalog.spec(conn, g.specName, `${field}.specName`), catalog.images(conn)]);
      // A node group's image is a node image of the cloud's, not one of the VM catalog.
      if (!nodeGroup) await catalog.image(conn, g.image ?? "", spec, `${field}.image`);
      if (g.vpcName !== undefined) await checkNetwork(conn, g, field, options);
      if (g.keyPairName !== undefined) {
        await exists(
          conn.keyPair.get(g.keyPairName, options),
          `${field}.keyPairName`,
          "unknown-key-pair",
          `no key pair "${g.keyPairName}" in "${conn.name}"`,
        );
      }
      const shared =
        g.vpcName === undefined || g.keyPairName === undefined
          ? await networks.names(target.namespace, conn.name)
          : undefined;
      return { conn, spec, shared, cluster };
    }),
  );
  const conns = new Map<string, Connection>();
  const defaults = new Map<string, DefaultPieces>();
  const demand = new Map<string, { vms: number; vcpus: number }>();
  for (const [i, { request: g, firstIndex }] of groups.entries()) {
    const entry = resolved[i];
    if (!entry) continue;
    const { conn, spec, shared, cluster } = entry;
    const provider = conn.provider;
    conns.set(conn.name, conn);
    // A node group's nodes sit in the cluster's network: only a default key pair may be needed.
    const defaultNetwork = g.vpcName === undefined && !cluster;
    const defaultKeyPair = g.keyPairName === undefined;
    if (shared) {
      const wanted = defaults.get(conn.name) ?? { network: false, keyPair: false };
      defaults.set(conn.name, { network: wanted.network || defaultNetwork, keyPair: wanted.keyPair || defaultKeyPair });
    }
    plan.subGroups.push({
      name: g.name,
      connection: conn.name,
      provider,
      region: conn.region,
      specName: g.specName,
      image: g.image ?? "",
      size: g.size,
      vcpusPerVm: spec.vcpu.count,
      ...(cluster
        ? {
            vpcName: cluster.network.vpcIID.nameId,
            subnetName: cluster.network.subnetIIDs[0]?.nameId ?? "",
            securityGroupNames: cluster.network.securityGroupIIDs.map((sg) => sg.nameId),
          }
        : {
            vpcName: g.vpcName ?? shared?.vpcName ?? "",
            subnetName: g.subnetName ?? shared?.subnetName ?? "",
            securityGroupNames: g.securityGroupNames ? [...g.securityGroupNames] : [shared?.securityGroupName ?? ""],
          }),
      keyPairName: g.keyPairName ?? shared?.keyPairName ?? "",
      ...(g.rootDiskType ? { rootDiskType: g.rootDiskType } : {}),
      ...(g.rootDiskSizeGB ? { rootDiskSizeGB: g.rootDiskSizeGB } : {}),
      defaultNetwork,
      defaultKeyPair,
      labels: { ...g.labels },
      ...(g.nodeGroup
        ? {
            nodeGroup: {
              cluster: g.nodeGroup.cluster,
              minNodeSize: g.nodeGroup.minNodeSize ?? Math.min(1, g.size),
              ...(g.nodeGroup.maxNodeSize === undefined ? {} : { maxNodeSize: g.nodeGroup.maxNodeSize }),
            },
          }
        : {}),
    });
    for (let index = firstIndex; index < firstIndex + g.size; index++) {
      const id = vmId(g.name, index);
      plan.vms.push({
        id,
        subGroup: g.name,
        index,
        connection: conn.name,
        provider,
        region: conn.region,
        ...(cluster
          ? { coreName: "", cluster: cluster.iid.nameId }
          : { coreName: coreVmName(target.namespace, target.name, id) }),
      });
    }
    const d = demand.get(conn.name) ?? { vms: 0, vcpus: 0 };
    demand.set(conn.name, { vms: d.vms + g.size, vcpus: d.vcpus + g.size * spec.vcpu.count });
  }
  const connOf = (name: string): Connection => conns.get(name) as Connection;
  // Only a dry run reports what is missing of the default networks: a create's provisioning looks
  // (and makes what is missing) anyway, so looking here too would read each connection twice.
  if (previewNetworks)
    plan.networks = await allInOrder(
      [...defaults].map(([name, wanted]) => networks.preview(target.namespace, connOf(name), wanted)),
    );
  plan.quotas = await checkQuotas(
    env,
    [...demand].map(([name, d]) => ({ conn: connOf(name), ...d })),
    abortSignal,
  );
  return plan;
}

async function checkNetwork(
  conn: Connection,
  g: SubGroupRequest,
  field: string,
  options: { abortSignal?: AbortSignal },
): Promise<void> {
  const vpcName = g.vpcName ?? "";
  const vpc = await exists(
    conn.vpc.get(vpcName, options),
    `${field}.vpcName`,
    "unknown-vpc",
    `no VPC "${vpcName}" in "${conn.name}"`,
  );
  if (!vpc.subnets.some((s) => s.iid.nameId === g.subnetName)) {
    throw unknownReference(
      `${field}.subnetName`,
      "unknown-subnet",
      `VPC "${vpcName}" has no subnet "${g.subnetName}"`,
      "subnet",
    );
  }
  for (const [i, sg] of (g.securityGroupNames ?? []).entries()) {
    await exists(
      conn.securityGroup.get(sg, { ...options, vpcName }),
      `${field}.securityGroupNames[${i}]`,
      "unknown-security-group",
      `VPC "${vpcName}" has no security group "${sg}"`,
    );
  }
}

/** The resource, or a NotFound naming the field when core (or the cloud) does not know it. */
async function exists<T>(read: Promise<T>, field: string, rule: string, message: string): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (isBaristaError(error, "NotFound")) throw unknownReference(field, rule, message, error.resourceType ?? "");
    throw error;
  }
}

/** Charges each connection's demand to the quotas in one ledger (placement's), refusing what does not fit. */
async function checkQuotas(
  env: McisEnv,
  demands: readonly { conn: Connection; vms: number; vcpus: number }[],
  abortSignal: AbortSignal | undefined,
): Promise<PlannedQuota[]> {
  const ledger = new QuotaLedger(
    await env.quotaEntries(
      demands.map((d) => d.conn),
      abortSignal,
    ),
  );
  return demands.map(({ conn, vms, vcpus }) => {
    const place = { connection: conn.name, provider: conn.provider, region: conn.region };
    const left = ledger.left(place);
    const overrun = ledger.overrun(place, { vms, vcpus });
    if (overrun) {
      const { figure, entry } = overrun;
      const room = overrun.left[figure];
      const what = figure === "vms" ? "VMs" : "vCPUs";
      throw new BaristaError(
        "QuotaExceeded",
        `connection "${conn.name}" has room for ${room} more ${what}, the request needs ${figure === "vms" ? vms : vcpus}: quota ${describeScope(entry)} has ${describeLeft(overrun.left)} left`,
        { provider: conn.provider, resourceType: "quota", resourceName: figure },
      );
    }
    ledger.consume(place, { vms, vcpus });
    const asked = (requested: number, available: number) =>
      Number.isFinite(available) ? { requested, available } : { requested };
    return { connection: conn.name, vms: asked(vms, left.vms), vcpus: asked(vcpus, left.vcpus) };
  });
}

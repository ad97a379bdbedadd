import { isBaristaError } from "@cloud-barista/core";
import type { CallContext, QuotaHandler, QuotaInfo, QuotaName } from "@cloud-barista/core";
import type { OpenStackSession } from "../session.js";

// Quotas of the token's project in the connection's region, from each service's own API: Nova's
// limits (compute), Neutron's quota details (network) and Cinder's limits (block storage). Each
// region runs its own services with their own quotas, so every quota is region-scoped.

/** How one limit of a limits answer maps: its limit and use fields, its name, unit and scale. */
interface LimitField {
  max: string;
  used?: string;
  /** A portable `QuotaName` where there is one. */
  name: string;
  unit: string;
  description: string;
  /** Divides the figures (Nova counts memory in MiB; the portable quota is in GiB). */
  per?: number;
}

// Only account-wide limits: Nova's per-server and per-request limits (metadata items, server
// group members, injected files) are not quotas of the project, and the network proxies' limits
// that Nova answers below 2.36 are Neutron's, read there.
const novaFields: readonly LimitField[] = [
  { max: "maxTotalCores", used: "totalCoresUsed", name: "vcpus", unit: "count", description: "vCPUs of servers" },
  { max: "maxTotalInstances", used: "totalInstancesUsed", name: "vms", unit: "count", description: "servers" },
  {
    max: "maxTotalRAMSize",
    used: "totalRAMUsed",
    name: "memoryGiB",
    unit: "GiB",
    description: "memory of servers",
    per: 1024,
  },
  {
    max: "maxTotalKeypairs",
    name: "keyPairs",
    unit: "count",
    description: "key pairs (per user; Nova reports no use)",
  },
  {
    max: "maxServerGroups",
    used: "totalServerGroupsUsed",
    name: "server_groups",
    unit: "count",
    description: "server groups",
  },
];

const cinderFields: readonly LimitField[] = [
  { max: "maxTotalVolumes", used: "totalVolumesUsed", name: "disks", unit: "count", description: "volumes" },
  {
    max: "maxTotalVolumeGigabytes",
    used: "totalGigabytesUsed",
    name: "diskGB",
    unit: "GB",
    description: "size of volumes and snapshots",
  },
  {
    max: "maxTotalSnapshots",
    used: "totalSnapshotsUsed",
    name: "snapshots",
    unit: "count",
    description: "volume snapshots",
  },
  { max: "maxTotalBackups", used: "totalBackupsUsed", name: "backups", unit: "count", description: "volume backups" },
  {
    max: "maxTotalBackupGigabytes",
    used: "totalBackupGigabytesUsed",
    name: "backup_gigabytes",
    unit: "GB",
    description: "size of volume backups",
  },
];

/** Neutron resources with a portable name; any other resource keeps Neutron's. */
const neutronNames: Readonly<Record<string, QuotaName>> = {
  network: "vpcs",
  subnet: "subnets",
  security_group: "securityGroups",
  security_group_rule: "securityGroupRules",
  floatingip: "publicIps",
};

interface LimitsAnswer {
  limits?: { absolute?: Record<string, unknown> };
}

interface QuotaDetailsAnswer {
  quota?: Record<string, { limit?: unknown; used?: unknown; reserved?: unknown }>;
}

export function createQuotaHandler(session: OpenStackSession): QuotaHandler {
  return {
    async *list(ctx) {
      const nova = await session.request<LimitsAnswer>(ctx, "nova:ShowLimits", {
        service: "compute",
        method: "GET",
        path: "/limits",
      });
      yield* fromLimits(nova, novaFields);
      yield* await neutronQuotas(session, ctx);
      // A cloud without block storage has no volume quotas to report.
      if (await session.client.hasEndpoint(ctx, "volumev3")) {
        const cinder = await session.request<LimitsAnswer>(ctx, "cinder:ShowLimits", {
          service: "volumev3",
          method: "GET",
          path: "/limits",
        });
        yield* fromLimits(cinder, cinderFields);
      }
    },
  };
}

async function neutronQuotas(session: OpenStackSession, ctx: CallContext): Promise<QuotaInfo[]> {
  const project = encodeURIComponent(await session.client.projectId(ctx));
  let answer: QuotaDetailsAnswer;
  try {
    answer = await session.request<QuotaDetailsAnswer>(ctx, "neutron:ShowQuotaDetails", {
      service: "network",
      method: "GET",
      path: `/quotas/${project}/details.json`,
    });
  } catch (error) {
    // Without the quota-details extension Neutron knows limits only, not use: report none.
    if (isBaristaError(error, "NotFound")) return [];
    throw error;
  }
  return Object.entries(answer.quota ?? {}).flatMap(([resource, detail]) => {
    const limit = numberOf(detail.limit);
    if (limit === undefined) return [];
    const used = numberOf(detail.used);
    const reserved = numberOf(detail.reserved) ?? 0;
    const name = neutronNames[resource] ?? resource;
    return [
      quotaOf(
        { name, unit: "count", description: `Neutron ${resource} resources`, nativeName: resource },
        limit,
        used,
        reserved,
      ),
    ];
  });
}

function fromLimits(answer: LimitsAnswer, fields: readonly LimitField[]): QuotaInfo[] {
  const absolute = answer.limits?.absolute ?? {};
  return fields.flatMap((f) => {
    const limit = numberOf(absolute[f.max]);
    if (limit === undefined) return [];
    const used = f.used === undefined ? undefined : numberOf(absolute[f.used]);
    const per = f.per ?? 1;
    // -1 (no limit) stays -1 whatever the scale.
    return [
      quotaOf(
        { name: f.name, unit: f.unit, description: f.description, nativeName: f.max },
        limit < 0 ? limit : limit / per,
        used === undefined ? undefined : used / per,
      ),
    ];
  });
}

/** One quota: OpenStack's -1 means no limit; what is available is what neither use nor reservations hold. */
function quotaOf(
  base: Pick<QuotaInfo, "name" | "unit" | "description" | "nativeName">,
  limit: number,
  used: number | undefined,
  reserved = 0,
): QuotaInfo {
  const figures: Partial<QuotaInfo> =
    limit < 0
      ? { unlimited: true }
      : { limit, ...(used === undefined ? {} : { available: Math.max(0, limit - used - reserved) }) };
  return { ...base, scope: "region", ...figures, ...(used === undefined ? {} : { used }) };
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

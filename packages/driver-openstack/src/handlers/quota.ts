import { isBaristaError } from "@cloud-barista/core/driver";
import type { CallContext, QuotaHandler, QuotaInfo, QuotaName } from "@cloud-barista/core/driver";
import type { OpenStackSession } from "../session.js";

// Quotas of the token's project in the connection's region, from each service's own API: Nova's
// limits (compute), Neutron's quota details (network) and Cinder's limits (block storage). Each
// region runs its own services with their own quotas, so every quota is region-scoped.

/**
 * How one limit of a limits answer maps: its limit and use fields, its name (portable where there
 * is one), unit and description, and a divisor (Nova counts memory in MiB; the quota is in GiB).
 */
type LimitField = readonly [
  max: string,
  used: string | undefined,
  name: string,
  unit: string,
  description: string,
  per?: number,
];

// Only account-wide limits: Nova's per-server and per-request limits (metadata items, server
// group members, injected files) are not quotas of the project, and the network proxies' limits
// that Nova answers below 2.36 are Neutron's, read there.
const novaFields: readonly LimitField[] = [
  ["maxTotalCores", "totalCoresUsed", "vcpus", "count", "vCPUs of servers"],
  ["maxTotalInstances", "totalInstancesUsed", "vms", "count", "servers"],
  ["maxTotalRAMSize", "totalRAMUsed", "memoryGiB", "GiB", "memory of servers", 1024],
  ["maxTotalKeypairs", undefined, "keyPairs", "count", "key pairs (per user; Nova reports no use)"],
  ["maxServerGroups", "totalServerGroupsUsed", "server_groups", "count", "server groups"],
];

const cinderFields: readonly LimitField[] = [
  ["maxTotalVolumes", "totalVolumesUsed", "disks", "count", "volumes"],
  ["maxTotalVolumeGigabytes", "totalGigabytesUsed", "diskGB", "GB", "size of volumes and snapshots"],
  ["maxTotalSnapshots", "totalSnapshotsUsed", "snapshots", "count", "volume snapshots"],
  ["maxTotalBackups", "totalBackupsUsed", "backups", "count", "volume backups"],
  ["maxTotalBackupGigabytes", "totalBackupGigabytesUsed", "backup_gigabytes", "GB", "size of volume backups"],
];

/** Neutron resources with a portable name; any other resource keeps Neutron's. */
const neutronNames: Readonly<Record<string, QuotaName>> = {
  network: "vpcs",
  subnet: "subnets",
  security_group: "securityGroups",
  security_group_rule: "securityGroupRules",
  floatingip: "publicIps",
};

interface Limits {
  absolute?: Record<string, unknown>;
}

type QuotaDetails = Record<string, { limit?: unknown; used?: unknown; reserved?: unknown }>;

export function createQuotaHandler(session: OpenStackSession): QuotaHandler {
  return {
    async *list(ctx) {
      const nova = await session.call<Limits>(ctx, "nova:ShowLimits");
      yield* fromLimits(nova, novaFields);
      yield* await neutronQuotas(session, ctx);
      // A cloud without block storage has no volume quotas to report.
      if (await session.hasEndpoint(ctx, "volumev3")) {
        const cinder = await session.call<Limits>(ctx, "cinder:ShowLimits");
        yield* fromLimits(cinder, cinderFields);
      }
    },
  };
}

async function neutronQuotas(session: OpenStackSession, ctx: CallContext): Promise<QuotaInfo[]> {
  const project = await session.projectId(ctx);
  let details: QuotaDetails;
  try {
    details = await session.call<QuotaDetails>(ctx, "neutron:ShowQuotaDetails", { project });
  } catch (error) {
    // Without the quota-details extension Neutron knows limits only, not use: report none.
    if (isBaristaError(error, "NotFound")) return [];
    throw error;
  }
  return Object.entries(details ?? {}).flatMap(([resource, detail]) => {
    const limit = numberOf(detail.limit);
    if (limit === undefined) return [];
    const used = numberOf(detail.used);
    const reserved = numberOf(detail.reserved) ?? 0;
    const name = neutronNames[resource] ?? resource;
    const base = { name, unit: "count", description: `Neutron ${resource} resources`, nativeName: resource };
    return [quotaOf(base, limit, used, reserved)];
  });
}

function fromLimits(limits: Limits | undefined, fields: readonly LimitField[]): QuotaInfo[] {
  const absolute = limits?.absolute ?? {};
  return fields.flatMap(([max, usedField, name, unit, description, per = 1]) => {
    const limit = numberOf(absolute[max]);
    if (limit === undefined) return [];
    const used = usedField === undefined ? undefined : numberOf(absolute[usedField]);
    // -1 (no limit) stays -1 whatever the scale.
    const base = { name, unit, description, nativeName: max };
    return [quotaOf(base, limit < 0 ? limit : limit / per, used === undefined ? undefined : used / per)];
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

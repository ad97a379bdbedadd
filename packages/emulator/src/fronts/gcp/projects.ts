import { randomBytes } from "node:crypto";
import { bodyOf, cloudOf, gate, homeRegion, json, link } from "./context.js";
import type { GcpContext } from "./context.js";
import { GcpError, badRequest, invalidField } from "./errors.js";
import type { ProjectMetadata } from "./front-state.js";
import { catalogCreation, stableId } from "./ids.js";
import { regionsOf } from "./network-model.js";
import { operate } from "./operations.js";
import type { GcpRoute } from "./router.js";

// The project resource: its global quotas and its common instance metadata, which
// setCommonInstanceMetadata replaces whole when given the current fingerprint (412 otherwise).

const metadataKey = /^[a-zA-Z0-9_-]{1,128}$/;
const maxValueBytes = 256 * 1024;
const maxTotalBytes = 512 * 1024;

const newFingerprint = () => randomBytes(8).toString("base64");

export function projectMetadata(ctx: GcpContext): ProjectMetadata {
  let metadata = ctx.state.projectMetadata.get(ctx.account);
  if (!metadata) {
    metadata = { fingerprint: newFingerprint(), items: [] };
    ctx.state.projectMetadata.set(ctx.account, metadata);
  }
  return metadata;
}

/** Checks metadata items as Compute Engine does: keys, duplicates and sizes. */
export function checkMetadataItems(value: unknown, field: string): { key: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidField(field, value, "Must be a list.");
  const seen = new Set<string>();
  let total = 0;
  return value.map((raw: unknown, i) => {
    const item = (raw ?? {}) as { key?: unknown; value?: unknown };
    if (typeof item.key !== "string" || !metadataKey.test(item.key)) {
      throw invalidField(`${field}[${i}].key`, item.key, "Must be 1 to 128 letters, digits, '-' or '_'.");
    }
    if (seen.has(item.key))
      throw badRequest(`Invalid value for field '${field}': duplicate metadata key '${item.key}'.`);
    seen.add(item.key);
    const text = typeof item.value === "string" ? item.value : "";
    const bytes = Buffer.byteLength(text);
    total += bytes + Buffer.byteLength(item.key);
    if (bytes > maxValueBytes) throw invalidField(`${field}[${i}].value`, "…", "Values are at most 256 KB.");
    if (total > maxTotalBytes) throw badRequest("Metadata is limited to 512 KB in total.");
    return { key: item.key, value: text };
  });
}

function projectView(ctx: GcpContext): Record<string, unknown> {
  const limits = ctx.world.quotas.limitsFor("GCP", ctx.account, homeRegion(ctx));
  const networks = [...ctx.state.networks.keys()].filter((k) => k.startsWith(`${ctx.account}/`)).length;
  const firewalls = [...ctx.state.firewalls.values()].filter((f) => f.project === ctx.account).length;
  const images = regionsOf(ctx).reduce((sum, r) => sum + cloudOf(ctx, r.name).myImages.list().items.length, 0);
  const metadata = projectMetadata(ctx);
  const number = stableId(`project/${ctx.account}`).slice(0, 12);
  return {
    kind: "compute#project",
    id: stableId(`project/${ctx.account}`),
    creationTimestamp: catalogCreation,
    name: ctx.account,
    commonInstanceMetadata: {
      kind: "compute#metadata",
      fingerprint: metadata.fingerprint,
      ...(metadata.items.length > 0 ? { items: metadata.items.map((i) => ({ ...i })) } : {}),
    },
    quotas: [
      { metric: "NETWORKS", limit: limits.vpcs, usage: networks },
      { metric: "FIREWALLS", limit: limits.securityGroups, usage: firewalls },
      { metric: "IMAGES", limit: limits.myImages, usage: images },
      { metric: "SUBNETWORKS", limit: limits.subnetsPerVpc, usage: subnetworkCount(ctx) },
    ],
    selfLink: link(ctx, ""),
    defaultServiceAccount: `${number}-compute@developer.gserviceaccount.com`,
    defaultNetworkTier: "PREMIUM",
    xpnProjectStatus: "UNSPECIFIED_XPN_PROJECT_STATUS",
    vmDnsSetting: "ZONAL_ONLY",
  };
}

function subnetworkCount(ctx: GcpContext): number {
  return regionsOf(ctx).reduce(
    (sum, r) =>
      sum +
      cloudOf(ctx, r.name)
        .vpcs.list()
        .items.reduce((n, vpc) => n + vpc.subnets.length, 0),
    0,
  );
}

async function setCommonInstanceMetadata(ctx: GcpContext) {
  const body = bodyOf<{ fingerprint: unknown; items: unknown }>(ctx);
  const items = checkMetadataItems(body.items, "resource.items");
  return operate(ctx, { scope: { kind: "global" }, operationType: "setCommonInstanceMetadata", target: "" }, () => {
    // Checked where the write happens: a call that waited in the gate must not overwrite a change
    // made meanwhile.
    const current = projectMetadata(ctx);
    const stale = body.fingerprint === undefined ? current.items.length > 0 : body.fingerprint !== current.fingerprint;
    if (stale) {
      throw new GcpError(412, "conditionNotMet", "Supplied fingerprint does not match current metadata fingerprint.");
    }
    ctx.state.projectMetadata.set(ctx.account, { fingerprint: newFingerprint(), items });
    return { targetId: stableId(`project/${ctx.account}`) };
  });
}

export const projectRoutes: readonly GcpRoute[] = [
  {
    method: "GET",
    path: "",
    api: "compute.projects.get",
    handle: (ctx) => gate(ctx, undefined, () => json(200, projectView(ctx))),
  },
  {
    method: "POST",
    path: "setCommonInstanceMetadata",
    api: "compute.projects.setCommonInstanceMetadata",
    handle: setCommonInstanceMetadata,
  },
];

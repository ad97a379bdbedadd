import type { ImageInfo, VmSpecInfo } from "@cloud-barista/core";
import type {
  DynamicSubGroupRequest,
  McisCreateRequest,
  McisDynamicRequest,
  SubGroupRequest,
} from "../model/requests.js";
import type { McisEnv } from "../env/env.js";
import { allInOrder } from "../util/all-in-order.js";
import { CatalogLookup } from "./catalog-lookup.js";
import { checkMcisFields, checkMcisVms, checkSubGroups, totalSize } from "./validate.js";
import { referenceConflict, unknownReference } from "../util/validate.js";

const tokens = (keywords: string): string[] =>
  keywords
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((t) => t !== "");

/**
 * A spec by exact name, else the smallest spec (fewest vCPUs, then memory, then GPUs; x86_64 before
 * other architectures, then by name) whose name contains every keyword: "medium" finds
 * "mock-medium" rather than "mock-arm-medium", "arm small" finds "mock-arm-small".
 */
export function matchSpec(
  specs: readonly VmSpecInfo[],
  keywords: string,
  field: string,
  connection: string,
): VmSpecInfo {
  const exact = specs.find((s) => s.name === keywords);
  if (exact) return exact;
  const words = tokens(keywords);
  const candidates = specs
    .filter((s) => words.length > 0 && words.every((w) => s.name.toLowerCase().includes(w)))
    .sort(
      (a, b) =>
        a.vcpu.count - b.vcpu.count ||
        a.memorySizeMiB - b.memorySizeMiB ||
        a.gpus.length - b.gpus.length ||
        Number(b.architecture === "x86_64") - Number(a.architecture === "x86_64") ||
        (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  const first = candidates[0];
  if (!first) {
    throw unknownReference(
      field,
      "unknown-spec",
      `no spec of connection "${connection}" matches "${keywords}"`,
      "spec",
    );
  }
  return first;
}

/**
 * An image by exact id, else an available image of the spec's architecture whose id, name and OS
 * contain every keyword ("ubuntu 24.04"); the lowest id wins, so the choice is stable.
 */
export function matchImage(
  images: readonly ImageInfo[],
  keywords: string,
  spec: VmSpecInfo,
  field: string,
  connection: string,
): ImageInfo {
  const exact = images.find((i) => i.id === keywords);
  if (exact) return exact;
  const words = tokens(keywords);
  const matching = images.filter(
    (i) =>
      i.status !== "Unavailable" &&
      words.length > 0 &&
      words.every((w) => `${i.id} ${i.name} ${i.osDistribution}`.toLowerCase().includes(w)),
  );
  const fitting = matching
    .filter((i) => i.osArchitecture === spec.architecture)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = fitting[0];
  if (first) return first;
  if (matching.length > 0) {
    throw referenceConflict(
      field,
      "architecture",
      `images matching "${keywords}" in "${connection}" are not ${spec.architecture} (spec "${spec.name}")`,
    );
  }
  throw unknownReference(
    field,
    "unknown-image",
    `no image of connection "${connection}" matches "${keywords}"`,
    "image",
  );
}

/** Turns a dynamic request into a static one by resolving each sub-group's spec and image. */
export async function resolveDynamic(
  env: McisEnv,
  request: McisDynamicRequest,
  abortSignal?: AbortSignal,
): Promise<McisCreateRequest> {
  checkMcisFields(request);
  const groups = checkSubGroups("subGroups", request.subGroups, [], {
    spec: "spec",
    image: "image",
  }) as unknown as DynamicSubGroupRequest[];
  checkMcisVms("subGroups", 0, totalSize(groups));
  const catalog = new CatalogLookup(abortSignal);
  // Sub-groups resolve in parallel: each connection's catalog is a cloud listing of its own.
  const subGroups = await allInOrder(
    groups.map(async (group, i): Promise<SubGroupRequest> => {
      const field = `subGroups[${i}]`;
      const conn = await env.connection(group.connection, `${field}.connection`);
      const { spec: _spec, image: _image, ...rest } = group;
      if (group.nodeGroup) {
        // Node images are the cloud's node images, not the VM catalog's: passed on as given.
        const spec = matchSpec(await catalog.specs(conn), group.spec, `${field}.spec`, conn.name);
        return { ...rest, specName: spec.name, ...(group.image === undefined ? {} : { image: group.image }) };
      }
      const [specs, images] = await Promise.all([catalog.specs(conn), catalog.images(conn)]);
      const spec = matchSpec(specs, group.spec, `${field}.spec`, conn.name);
      const image = matchImage(images, group.image ?? "", spec, `${field}.image`, conn.name);
      return { ...rest, specName: spec.name, image: image.id };
    }),
  );
  return { ...request, subGroups };
}

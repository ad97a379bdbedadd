import { ownRecord, tagReads, tagsMatch } from "@cloud-barista/core/driver";
import type { CallContext, ResourceType, TagHandler, TagTarget, TaggedResource } from "@cloud-barista/core/driver";
import { notFound, notSupported } from "../errors.js";
import { checkLabels } from "../labels.js";
import { fingerprintAttempts, isStaleFingerprint } from "../project-metadata.js";
import type { GcpSession } from "../session.js";
import { sourceVmLabel } from "./my-image.js";

/** The resource types with labels the driver tags: instances, disks and images. */
export const taggedTypes = ["vm", "disk", "myImage"] as const;
type TaggedType = (typeof taggedTypes)[number];
const isTagged = (type: ResourceType): type is TaggedType => (taggedTypes as readonly string[]).includes(type);

/** A resource's labels as the user sees them: the driver's own label left out. */
function userLabels(labels: Readonly<Record<string, string>> | null | undefined): Record<string, string> {
  const own = ownRecord(labels ?? {});
  delete own[sourceVmLabel];
  return own;
}

interface Labelled {
  name?: string | null;
  labels?: Record<string, string> | null;
  labelFingerprint?: string | null;
}

/**
 * Tags are labels (`setLabels` with the resource's `labelFingerprint`: a change made by another
 * writer in between is 412 conditionNotMet, and the read and change are made again, a few times).
 * Keys and values follow the label rules (lower case; see labels.ts), checked before any call.
 */
export function createTagHandler(session: GcpSession): TagHandler {
  const { zone } = session.settings;
  const nameOf = (target: TagTarget) => target.iid.systemId || target.iid.nameId;
  const read = async (type: TaggedType, name: string, ctx: CallContext): Promise<Labelled> => {
    const project = session.project;
    if (type === "vm") {
      return (
        await session.call(ctx, "compute.instances.get", (c, o) =>
          c.instances.get({ project, zone, instance: name }, o),
        )
      )[0];
    }
    if (type === "disk") {
      return (await session.call(ctx, "compute.disks.get", (c, o) => c.disks.get({ project, zone, disk: name }, o)))[0];
    }
    return (await session.call(ctx, "compute.images.get", (c, o) => c.images.get({ project, image: name }, o)))[0];
  };
  const write = (
    type: TaggedType,
    name: string,
    labels: Record<string, string>,
    fingerprint: string,
    ctx: CallContext,
  ) => {
    const project = session.project;
    const description = `labels of ${name} to be set`;
    if (type === "vm") {
      return session.mutate(
        ctx,
        "compute.instances.setLabels",
        (c, o, requestId) =>
          c.instances.setLabels(
            {
              project,
              zone,
              instance: name,
              requestId,
              instancesSetLabelsRequestResource: { labels, labelFingerprint: fingerprint },
            },
            o,
          ),
        description,
      );
    }
    if (type === "disk") {
      return session.mutate(
        ctx,
        "compute.disks.setLabels",
        (c, o, requestId) =>
          c.disks.setLabels(
            {
              project,
              zone,
              resource: name,
              requestId,
              zoneSetLabelsRequestResource: { labels, labelFingerprint: fingerprint },
            },
            o,
          ),
        description,
      );
    }
    return session.mutate(
      ctx,
      "compute.images.setLabels",
      (c, o) =>
        c.images.setLabels(
          { project, resource: name, globalSetLabelsRequestResource: { labels, labelFingerprint: fingerprint } },
          o,
        ),
      description,
    );
  };
  const change = async (target: TagTarget, ctx: CallContext, edit: (labels: Record<string, string>) => boolean) => {
    if (!isTagged(target.resourceType)) throw notSupported(`tags on ${target.resourceType}`);
    await session.ready(ctx);
    const type = target.resourceType;
    for (let attempt = 1; ; attempt++) {
      const resource = await read(type, nameOf(target), ctx);
      const labels = ownRecord(resource.labels ?? {});
      if (!edit(labels)) return;
      try {
        await write(type, nameOf(target), labels, resource.labelFingerprint ?? "", ctx);
        return;
      } catch (error) {
        if (!isStaleFingerprint(error) || attempt >= fingerprintAttempts) throw error;
      }
    }
  };
  const labelsOf = async (target: TagTarget, ctx: CallContext) => {
    if (!isTagged(target.resourceType)) throw notSupported(`tags on ${target.resourceType}`);
    await session.ready(ctx);
    return userLabels((await read(target.resourceType, nameOf(target), ctx)).labels);
  };
  const lists: Record<TaggedType, (ctx: CallContext) => AsyncIterable<Labelled>> = {
    vm: (ctx) =>
      session.pages(
        ctx,
        "compute.instances.list",
        (c, o, page) => c.instances.list({ project: session.project, zone, ...page }, o),
        (i: Labelled) => i,
      ),
    disk: (ctx) =>
      session.pages(
        ctx,
        "compute.disks.list",
        (c, o, page) => c.disks.list({ project: session.project, zone, ...page }, o),
        (d: Labelled) => d,
      ),
    myImage: (ctx) =>
      session.pages(
        ctx,
        "compute.images.list",
        (c, o, page) => c.images.list({ project: session.project, ...page }, o),
        (i: Labelled) => i,
      ),
  };
  return {
    async add(target, tag, ctx) {
      checkLabels(ownRecord([[tag.key, tag.value]]));
      await change(target, ctx, (labels) => {
        labels[tag.key] = tag.value;
        return true;
      });
      return { key: tag.key, value: tag.value };
    },
    ...tagReads(labelsOf, notFound),
    // A key that is not there is no error (nothing to change, nothing sent).
    remove: (target, key, ctx) =>
      change(target, ctx, (labels) => {
        if (!Object.hasOwn(labels, key)) return false;
        delete labels[key];
        return true;
      }),
    async *find(resourceType, keyword, ctx): AsyncGenerator<TaggedResource> {
      const types = resourceType === "all" ? [...taggedTypes] : [resourceType];
      await session.ready(ctx);
      for (const type of types) {
        if (!isTagged(type)) throw notSupported(`tags on ${type}`);
        for await (const item of lists[type](ctx)) {
          const labels = userLabels(item.labels);
          if (Object.keys(labels).length > 0 && tagsMatch(labels, keyword)) {
            yield { resourceType: type, iid: { nameId: item.name ?? "", systemId: item.name ?? "" }, tags: labels };
          }
        }
      }
    },
  };
}

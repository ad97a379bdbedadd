import type { AccountRegion } from "../../../world/account-region.js";
import type { Snapshot } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import { derivedId } from "../ids.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action, Ec2Context } from "./context.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { rootVolumeIdOf } from "./instance-render.js";
import { tagSet } from "./tags.js";

/** The snap- id EC2 shows for a world snapshot. */
export function snapshotIdOf(worldId: string): string {
  return derivedId("snap", `snapshot/${worldId}`);
}

function findSnapshot(cloud: AccountRegion, snapshotId: string): Snapshot {
  const found = cloud.snapshots.list().find((s) => snapshotIdOf(s.id) === snapshotId);
  if (!found) throw new AwsFault("InvalidSnapshot.NotFound", `The snapshot '${snapshotId}' does not exist.`);
  return found;
}

function renderSnapshot(ctx: Ec2Context, snapshot: Snapshot): XmlFields {
  return {
    snapshotId: snapshotIdOf(snapshot.id),
    // The copied disk was the source instance's root volume.
    volumeId: rootVolumeIdOf(snapshot.sourceVmId),
    status: snapshot.state,
    startTime: new Date(snapshot.createdAt),
    progress: snapshot.state === "completed" ? "100%" : "0%",
    ownerId: ctx.account,
    description: snapshot.description,
    volumeSize: snapshot.sizeGB,
    encrypted: false,
    storageTier: "standard",
    tagSet: tagSet(snapshot.tags),
  };
}

const snapshotFields = (ctx: Ec2Context): FilterFields<Snapshot> => ({
  "snapshot-id": (s) => snapshotIdOf(s.id),
  status: (s) => s.state,
  "volume-id": (s) => rootVolumeIdOf(s.sourceVmId),
  "volume-size": (s) => s.sizeGB,
  description: (s) => s.description,
  "owner-id": () => ctx.account,
  encrypted: () => false,
});

/**
 * DescribeSnapshots: the account's snapshots (OwnerId "self" or the account), by id or filtered.
 * Public snapshots of other accounts are not modelled: naming another owner finds none.
 */
export const describeSnapshots: Ec2Action = async (ctx) => {
  const ids = ctx.params.strings("SnapshotId");
  const owners = ctx.params.strings("Owner");
  const match = filterPredicate(readFilters(ctx.params), snapshotFields(ctx), (s) => s.tags);
  const mine = owners.length === 0 || owners.includes("self") || owners.includes(ctx.account);
  const snapshots = await ctx.call((cloud) =>
    ids.length > 0 ? ids.map((id) => findSnapshot(cloud, id)) : mine ? cloud.snapshots.list() : [],
  );
  return { snapshotSet: snapshots.filter(match).map((s) => renderSnapshot(ctx, s)) };
};

/** DeleteSnapshot: refused (InvalidSnapshot.InUse) while a registered AMI uses it. */
export const deleteSnapshot: Ec2Action = async (ctx) => {
  const id = ctx.params.required("SnapshotId");
  await ctx.call((cloud) => cloud.snapshots.delete(findSnapshot(cloud, id).id));
  return { return: true };
};

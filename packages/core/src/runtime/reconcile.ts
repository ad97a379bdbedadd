import type { CallContext } from "../driver/call-context.js";
import type { IID } from "../model/common.js";
import type { ConnectionRuntime } from "./connection-runtime.js";
import { driverIid } from "./connection-runtime.js";
import type { IidRecord } from "./iid-store.js";

async function findByName(items: AsyncIterable<{ iid: IID }>, cloudName: string): Promise<IID | undefined> {
  for await (const item of items) if (item.iid.nameId === cloudName) return item.iid;
  return undefined;
}

/** Looks a pending record's resource up in the cloud by its cloud-side name. */
async function findInCloud(rt: ConnectionRuntime, record: IidRecord, ctx: CallContext): Promise<IID | undefined> {
  switch (record.resourceType) {
    case "subnet": {
      const vpc = await rt.resolve("vpc", record.owner ?? "");
      const info = await (await rt.handler("vpc")).get(driverIid(vpc), ctx);
      return info.subnets.find((s) => s.iid.nameId === record.cloudName)?.iid;
    }
    case "vpc":
      return findByName((await rt.handler("vpc")).list(ctx), record.cloudName);
    case "securityGroup":
      return findByName((await rt.handler("securityGroup")).list(ctx), record.cloudName);
    case "keyPair":
      return findByName((await rt.handler("keyPair")).list(ctx), record.cloudName);
    case "vm":
      return findByName((await rt.handler("vm")).list(ctx), record.cloudName);
    case "disk":
      return findByName((await rt.handler("disk")).list(ctx), record.cloudName);
    case "myImage":
      return findByName((await rt.handler("myImage")).list(ctx), record.cloudName);
    case "nlb":
      return findByName((await rt.handler("nlb")).list(ctx), record.cloudName);
  }
}

/** What reconciling a pending record concluded. */
export type Settlement =
  | { outcome: "adopted"; record: IidRecord }
  | { outcome: "dropped" }
  /** Not in the cloud yet, but too young to rule out a create still in flight. */
  | { outcome: "pending" };

/**
 * Settles a pending record left by a create that ended without an answer (a crash, timeout or
 * abort): if the cloud has the resource, the record becomes ready with its id; if not, and the
 * claim is older than `pendingSettleMs`, the record goes; a younger one stays pending.
 */
export async function reconcileRecord(rt: ConnectionRuntime, record: IidRecord, ctx: CallContext): Promise<Settlement> {
  const { iids, clock, timeouts } = rt.shared;
  const found = await findInCloud(rt, record, ctx);
  if (found) {
    const ready: IidRecord = { ...record, systemId: found.systemId, state: "ready" };
    await iids.save(ready);
    return { outcome: "adopted", record: ready };
  }
  if (clock.now() - record.createdAt.getTime() < timeouts.pendingSettleMs) return { outcome: "pending" };
  await iids.remove(record);
  return { outcome: "dropped" };
}

import type { CallContext } from "../driver/call-context.js";
import type { IID } from "../model/common.js";
import type { ConnectionRuntime } from "./connection-runtime.js";
import { driverIid } from "./connection-runtime.js";
import type { IidRecord } from "./iid-store.js";

// The cloud calls the runtime makes about a record of any type, outside the services: looking a
// resource up by its cloud-side name (reconciling a create that lost its answer) and deleting one
// (a create that lost its claim to another process).

async function findByName(items: AsyncIterable<{ iid: IID }>, cloudName: string): Promise<IID | undefined> {
  for await (const item of items) if (item.iid.nameId === cloudName) return item.iid;
  return undefined;
}

/** Looks a record's resource up in the cloud by its cloud-side name. */
export async function findInCloud(
  rt: ConnectionRuntime,
  record: IidRecord,
  ctx: CallContext,
): Promise<IID | undefined> {
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
    case "cluster":
      return findByName((await rt.handler("cluster")).list(ctx), record.cloudName);
    case "nodeGroup": {
      const cluster = await rt.resolve("cluster", record.owner ?? "");
      const info = await (await rt.handler("cluster")).get(driverIid(cluster), ctx);
      return info.nodeGroups.find((g) => g.iid.nameId === record.cloudName)?.iid;
    }
  }
}

/**
 * The subnets a pending VPC record's create asked for (`record.subnets`) that the cloud made with
 * the VPC found as `found`, as ready records owned by the VPC.
 */
export async function plannedSubnetsInCloud(
  rt: ConnectionRuntime,
  record: IidRecord,
  found: IID,
  ctx: CallContext,
): Promise<IidRecord[]> {
  const planned = record.resourceType === "vpc" ? (record.subnets ?? []) : [];
  if (planned.length === 0) return [];
  const info = await (await rt.handler("vpc")).get(found, ctx);
  return planned.flatMap(({ name, cloudName }): IidRecord[] => {
    const made = info.subnets.find((s) => s.iid.nameId === cloudName);
    if (!made) return [];
    return [
      {
        ...rt.newRecord("subnet", name, cloudName, { owner: record.name, ...(made.zone ? { zone: made.zone } : {}) }),
        systemId: made.iid.systemId,
        state: "ready",
      },
    ];
  });
}

/** Deletes a record's resource in the cloud (a VM is terminated). */
export async function deleteInCloud(rt: ConnectionRuntime, record: IidRecord, ctx: CallContext): Promise<void> {
  const iid = driverIid(record);
  switch (record.resourceType) {
    case "subnet": {
      const vpc = await rt.resolve("vpc", record.owner ?? "");
      return (await rt.handler("vpc")).removeSubnet(driverIid(vpc), iid, ctx);
    }
    case "vm":
      await (await rt.handler("vm")).terminate(iid, ctx);
      return;
    case "vpc":
      return (await rt.handler("vpc")).delete(iid, ctx);
    case "securityGroup":
      return (await rt.handler("securityGroup")).delete(iid, ctx);
    case "keyPair":
      return (await rt.handler("keyPair")).delete(iid, ctx);
    case "disk":
      return (await rt.handler("disk")).delete(iid, ctx);
    case "myImage":
      return (await rt.handler("myImage")).delete(iid, ctx);
    case "nlb":
      return (await rt.handler("nlb")).delete(iid, ctx);
    case "cluster":
      return (await rt.handler("cluster")).delete(iid, ctx);
    case "nodeGroup": {
      const cluster = await rt.resolve("cluster", record.owner ?? "");
      return (await rt.handler("cluster")).removeNodeGroup(driverIid(cluster), iid, ctx);
    }
  }
}

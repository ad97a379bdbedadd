import { isBaristaError } from "../errors.js";
import type { TrackedType } from "../model/common.js";
import { retry } from "../util/retry.js";
import type { ConnectionRuntime } from "./connection-runtime.js";
import type { IidRecord } from "./iid-store.js";
import type { InVpcOptions, OperationOptions } from "./services/options.js";
import type { OrphanReport } from "./services/orphan-service.js";

export interface DestroyTypeReport {
  resourceType: TrackedType;
  deleted: string[];
  remaining: { name: string; error: string }[];
}

export interface DestroyReport {
  allDestroyed: boolean;
  byType: DestroyTypeReport[];
  /** Parts the driver made alongside resources that outlived them, released last. */
  orphans: OrphanReport;
}

// Dependents before what they depend on; types in one stage are independent of each other.
// Subnets go with their VPC, node groups with their cluster; clusters go first (their nodes are VMs
// in the subnets, under the security groups).
const stages: readonly (readonly TrackedType[])[] = [
  ["cluster"],
  ["nlb", "myImage"],
  ["vm"],
  ["disk"],
  ["keyPair", "securityGroup"],
  ["vpc"],
];

const concurrency = 8;

type Delete<O = OperationOptions> = { delete(name: string, options: O): Promise<void> };

/**
 * The deletes destroying needs, one per resource type. A `Connection` has them all; naming only
 * these keeps this module independent of the class that calls it.
 */
export interface DestroyServices {
  cluster: Delete;
  nlb: Delete;
  myImage: Delete;
  vm: Delete;
  disk: Delete;
  keyPair: Delete;
  securityGroup: Delete<InVpcOptions>;
  vpc: Delete & { removeSubnet(vpcName: string, subnetName: string, options: OperationOptions): Promise<void> };
  orphans: { release(options: OperationOptions): Promise<OrphanReport> };
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function deleter(conn: DestroyServices, record: IidRecord, options: OperationOptions): () => Promise<void> {
  switch (record.resourceType) {
    case "nlb":
      return () => conn.nlb.delete(record.name, options);
    case "myImage":
      return () => conn.myImage.delete(record.name, options);
    case "vm":
      return () => conn.vm.delete(record.name, options);
    case "disk":
      return () => conn.disk.delete(record.name, options);
    case "keyPair":
      return () => conn.keyPair.delete(record.name, options);
    case "securityGroup":
      return () =>
        conn.securityGroup.delete(record.name, { ...options, ...(record.owner ? { vpcName: record.owner } : {}) });
    case "vpc":
      return () => conn.vpc.delete(record.name, options);
    case "subnet":
      return () => conn.vpc.removeSubnet(record.owner ?? "", record.name, options);
    case "cluster":
      return () => conn.cluster.delete(record.name, options);
    case "nodeGroup":
      return () => Promise.resolve();
  }
}

/**
 * Deletes everything a connection tracks, stage by stage; each deletion is retried a few times
 * (a cloud may need a moment to notice that a dependent is gone).
 */
export async function destroyAll(
  conn: DestroyServices,
  rt: ConnectionRuntime,
  options: OperationOptions,
): Promise<DestroyReport> {
  const byType: DestroyTypeReport[] = [];
  for (const stage of stages) {
    await Promise.all(
      stage.map(async (resourceType) => {
        const report: DestroyTypeReport = { resourceType, deleted: [], remaining: [] };
        byType.push(report);
        const records = await rt.shared.iids.list(rt.name, resourceType);
        await forEachLimited(records, concurrency, async (record) => {
          if (record.state === "pending") {
            report.remaining.push({
              name: record.name,
              error: "its create may still be in progress in the cloud; destroy again later",
            });
            return;
          }
          try {
            await retry(deleter(conn, record, options), {
              policy: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 10_000 },
              clock: rt.shared.clock,
              abortSignal: options.abortSignal,
              shouldRetry: (e) => !isBaristaError(e, "Aborted"),
            });
            report.deleted.push(record.name);
          } catch (error) {
            report.remaining.push({ name: record.name, error: error instanceof Error ? error.message : String(error) });
          }
        });
      }),
    );
  }
  byType.sort((a, b) => stages.flat().indexOf(a.resourceType) - stages.flat().indexOf(b.resourceType));
  const orphans = await conn.orphans.release(options);
  const allDestroyed = byType.every((r) => r.remaining.length === 0) && orphans.remaining.length === 0;
  return { allDestroyed, byType, orphans };
}

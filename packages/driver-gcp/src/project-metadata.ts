import { isBaristaError } from "@cloud-barista/core/driver";
import type { CallContext } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import type { GcpSession } from "./session.js";

type Metadata = protos.google.cloud.compute.v1.IMetadata;

/** How often a fingerprinted change is tried again after another writer's change came first (412). */
export const fingerprintAttempts = 5;

/** Whether an error is Compute Engine's 412 conditionNotMet (a stale fingerprint). */
export const isStaleFingerprint = (error: unknown) =>
  isBaristaError(error, "Conflict") && error.nativeCode === "conditionNotMet";

/** The project's common instance metadata (`projects.get`). */
export async function projectMetadata(session: GcpSession, ctx: CallContext): Promise<Metadata> {
  const [project] = await session.call(ctx, "compute.projects.get", (c, o) =>
    c.projects.get({ project: session.project }, o),
  );
  return project.commonInstanceMetadata ?? {};
}

/**
 * Changes the project's common instance metadata: a read, the change, `setCommonInstanceMetadata`
 * with the read's fingerprint, run to the end of its Operation. When another writer changed the
 * metadata in between (412 conditionNotMet), the read and change are made again, a few times.
 * `change` returns the new items, or undefined for no change at all.
 */
export async function changeProjectMetadata(
  session: GcpSession,
  ctx: CallContext,
  change: (items: { key: string; value: string }[]) => { key: string; value: string }[] | undefined,
  description: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const metadata = await projectMetadata(session, ctx);
    const items = (metadata.items ?? []).map((i) => ({ key: i.key ?? "", value: i.value ?? "" }));
    const next = change(items);
    if (next === undefined) return;
    try {
      await session.mutate(
        ctx,
        "compute.projects.setCommonInstanceMetadata",
        (c, o, requestId) =>
          c.projects.setCommonInstanceMetadata(
            {
              project: session.project,
              requestId,
              metadataResource: { ...(metadata.fingerprint ? { fingerprint: metadata.fingerprint } : {}), items: next },
            },
            o,
          ),
        description,
      );
      return;
    } catch (error) {
      if (!isStaleFingerprint(error) || attempt >= fingerprintAttempts) throw error;
    }
  }
}

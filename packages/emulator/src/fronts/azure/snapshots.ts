import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Tags } from "../../world/types.js";
import { ArmError, badRequest, resourceNotFound } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { SnapshotEntry } from "./front-state.js";
import { startOperation } from "./operations.js";
import { guidOf, inGroup, resourceId } from "./resource-ids.js";

export const snapshotType = "Microsoft.Compute/snapshots";

interface SnapshotBody {
  location?: unknown;
  tags?: Tags;
  sku?: { name?: unknown };
  properties?: { creationData?: { createOption?: unknown; sourceResourceId?: unknown }; incremental?: unknown };
}

function render(entry: SnapshotEntry, provisioning: string) {
  return {
    id: entry.id,
    name: entry.name,
    type: snapshotType,
    location: entry.region,
    tags: entry.tags,
    sku: { name: "Standard_LRS", tier: "Standard" },
    properties: {
      osType: entry.osType,
      hyperVGeneration: "V2",
      creationData: { createOption: "Copy", sourceResourceId: entry.sourceDiskId },
      diskSizeGB: entry.sizeGB,
      diskSizeBytes: entry.sizeGB * 1024 ** 3,
      uniqueId: guidOf(entry.id, entry.createdAt),
      incremental: false,
      provisioningState: provisioning,
      diskState: "Unattached",
      timeCreated: new Date(entry.createdAt).toISOString(),
    },
  };
}

/** A snapshot the front knows of, if it is the group's. */
export function findSnapshot(ctx: ArmContext, id: string): SnapshotEntry | undefined {
  return ctx.state.snapshots.get(keyOf(id));
}

/**
 * PUT (a full copy of a managed disk: `creationData.createOption: Copy` with `sourceResourceId`),
 * GET, DELETE .../snapshots/{name}; GET .../snapshots lists the group's. The copy is of a VM's OS
 * disk only (the world snapshots root disks with images): the snapshot remembers the VM.
 */
export async function serveSnapshots(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
): Promise<FrontResponse> {
  const provisioning = (entry: SnapshotEntry) =>
    ctx.world.clock.now() < entry.createdAt + ctx.world.timing.diskCreateMs ? "Creating" : "Succeeded";
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists snapshots.");
    const entries = await gate(ctx, group.location, "Snapshots_ListByResourceGroup", () =>
      [...ctx.state.snapshots.values()].filter((e) => inGroup(ctx, group, e.id)),
    );
    return json(200, { value: entries.map((e) => render(e, provisioning(e))) });
  }
  const id = resourceId(ctx, group, snapshotType, name);
  const existing = findSnapshot(ctx, id);
  switch (ctx.request.method) {
    case "GET":
      return gate(ctx, existing?.region ?? group.location, "Snapshots_Get", () => {
        if (!existing) throw resourceNotFound(snapshotType, name, group.name);
        return json(200, render(existing, provisioning(existing)));
      });
    case "PUT": {
      const body = bodyOf<SnapshotBody>(ctx.request);
      const location = checkLocation(ctx, body.location, snapshotType);
      if (existing) {
        const updated = await gate(ctx, existing.region, "Snapshots_CreateOrUpdate", () => {
          if (body.tags !== undefined) existing.tags = { ...body.tags };
          return existing;
        });
        return json(200, render(updated, provisioning(updated)));
      }
      const creation = body.properties?.creationData;
      if (creation?.createOption === undefined) {
        throw badRequest(
          "InvalidParameter",
          "Required parameter 'creationData.createOption' is missing (null).",
          "creationData.createOption",
        );
      }
      if (creation.createOption !== "Copy") {
        throw badRequest(
          "UnsupportedByEmulator",
          `The emulator makes snapshots by copying a managed disk only, not ${JSON.stringify(creation.createOption)}.`,
          "creationData.createOption",
        );
      }
      const source = creation.sourceResourceId;
      if (typeof source !== "string" || source === "") {
        throw badRequest(
          "InvalidParameter",
          "Required parameter 'creationData.sourceResourceId' is missing (null).",
          "creationData.sourceResourceId",
        );
      }
      const entry = await gate(ctx, location, "Snapshots_CreateOrUpdate", (cloud) => {
        const disk = cloud.disks.list({ where: (d) => keyOf(d.id) === keyOf(source) }).items[0];
        if (!disk) throw new ArmError(404, "NotFound", `Resource ${source} not found.`);
        const owner = [...ctx.state.vms.entries()].find(([, vm]) => keyOf(vm.osDisk.id) === keyOf(source));
        const vm = owner && cloud.vms.list({ where: (v) => keyOf(v.id) === owner[0] }).items[0];
        if (!vm || vm.state === "terminated") {
          throw badRequest(
            "UnsupportedByEmulator",
            "The emulator snapshots the OS disks of its VMs only.",
            "creationData.sourceResourceId",
          );
        }
        const made: SnapshotEntry = {
          id,
          name,
          group: group.name,
          region: location,
          createdAt: ctx.world.clock.now(),
          tags: { ...body.tags },
          sourceDiskId: disk.id,
          sourceVmId: vm.id,
          sizeGB: disk.sizeGB,
          osType: vm.platform === "windows" ? "Windows" : "Linux",
        };
        ctx.state.snapshots.set(keyOf(id), made);
        return made;
      });
      const headers = startOperation(ctx, {
        region: location,
        resourceId: id,
        durationMs: ctx.world.timing.diskCreateMs,
      });
      return json(202, render(entry, "Creating"), headers);
    }
    case "DELETE": {
      const region = existing?.region ?? group.location;
      await gate(ctx, region, "Snapshots_Delete", () => {
        if (existing) ctx.state.snapshots.delete(keyOf(id));
      });
      if (!existing) return { status: 204 };
      return {
        status: 202,
        headers: startOperation(ctx, { region, resourceId: id, withLocation: true }),
      };
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}

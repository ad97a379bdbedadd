import { createHash } from "node:crypto";
import { cloudInit, diskTypeOrDefault, startedVmInfo } from "@cloud-barista/core/driver";
import type { CallContext, DriverVmRequest, IID, VmHandler, VmInfo, VmStatusInfo } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { madeNothing } from "../errors.js";
import { checkLabels } from "../labels.js";
import { checkName, lastSegment } from "../names.js";
import type { GcpSession } from "../session.js";
import { vmStatusOf } from "../vm-status.js";
import { parseImageId } from "./image.js";
import { keyPairEntry } from "./key-pair.js";

type Instance = protos.google.cloud.compute.v1.IInstance;

/** Instance metadata keys the driver keeps: the key pair and image a VM was made with. */
export const keyPairItem = "cb-keypair";
export const imageItem = "cb-image";

/** Compute Engine's requestId is a UUID: the runtime's idempotency token, hashed to one, stably. */
export function requestIdOf(token: string): string {
  const h = createHash("sha256").update(token).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const item = (instance: Instance, key: string) =>
  instance.metadata?.items?.find((i) => i.key === key)?.value ?? undefined;
const iid = (name: string): IID => ({ nameId: name, systemId: name });

/** The login user of an instance: the first entry of its `ssh-keys` metadata. */
const userOf = (instance: Instance) => /^([^:\s]+):/.exec(item(instance, "ssh-keys") ?? "")?.[1];

export function toVmInfo(instance: Instance, region: string): VmInfo {
  const nic = instance.networkInterfaces?.[0];
  const natIp = nic?.accessConfigs?.find((a) => a.natIP)?.natIP ?? undefined;
  const boot = instance.disks?.find((d) => d.boot);
  const windows = (boot?.licenses ?? []).some((l) => l.includes("windows-cloud"));
  const image = item(instance, imageItem) ?? "";
  const keyPair = item(instance, keyPairItem);
  const user = userOf(instance);
  const labels = { ...instance.labels };
  const myImage = image !== "" && !image.includes("/");
  const started = instance.lastStartTimestamp || instance.creationTimestamp;
  return {
    iid: iid(instance.name ?? ""),
    status: vmStatusOf(instance.status),
    ...(started ? { startTime: new Date(started) } : {}),
    region: { region, zone: lastSegment(instance.zone) },
    imageType: myImage ? "MyImage" : "PublicImage",
    imageIID: iid(image),
    specName: lastSegment(instance.machineType),
    vpcIID: iid(lastSegment(nic?.network)),
    subnetIID: iid(lastSegment(nic?.subnetwork)),
    securityGroupIIDs: (instance.tags?.items ?? []).map(iid),
    ...(keyPair ? { keyPairIID: iid(keyPair) } : {}),
    ...(boot?.diskSizeGb ? { rootDiskSizeGB: Number(boot.diskSizeGb) } : {}),
    ...(boot?.deviceName ? { rootDeviceName: `/dev/disk/by-id/google-${boot.deviceName}` } : {}),
    dataDiskIIDs: (instance.disks ?? []).filter((d) => !d.boot).map((d) => iid(lastSegment(d.source))),
    ...(user ? { vmUserId: user } : {}),
    platform: windows ? "Windows" : "Linux/UNIX",
    ...(nic?.networkIP ? { privateIp: nic.networkIP } : {}),
    ...(natIp ? { publicIp: natIp, sshAccessPoint: `${natIp}:22` } : {}),
    ...(Object.keys(labels).length > 0 ? { tags: labels } : {}),
    extra: {
      nativeState: instance.status ?? "",
      ...(instance.labelFingerprint ? { labelFingerprint: instance.labelFingerprint } : {}),
    },
  };
}

export interface VmHandlerOptions {
  /** The login user when the request names none. */
  vmUser: string;
}

/**
 * VMs are instances of the connection's zone: the image on a boot persistent disk deleted with
 * the instance, one network interface in the VPC's subnetwork with a ONE_TO_ONE_NAT access config
 * (an ephemeral public IP), the security groups as network tags, the tags as labels, the key
 * pair's public key in the instance's `ssh-keys` metadata with OS Login off (`enable-oslogin`
 * FALSE). The insert carries a requestId made from the runtime's idempotency token and runs to
 * the end of its Operation: ZONE_RESOURCE_POOL_EXHAUSTED there is CapacityUnavailable,
 * QUOTA_EXCEEDED QuotaExceeded, and whatever was made is deleted. Suspend is `stop` (TERMINATED:
 * disks kept, no compute billed); resume is `start`; reboot is `reset`.
 */
export function createVmHandler(session: GcpSession, options: VmHandlerOptions): VmHandler {
  const { region } = session.settings;
  const get = async (ctx: CallContext, name: string, zone = session.settings.zone) => {
    const [instance] = await session.call(ctx, "compute.instances.get", (c, o) =>
      c.instances.get({ project: session.project, zone, instance: name }, o),
    );
    return instance;
  };
  const list = (ctx: CallContext) =>
    session.pages(
      ctx,
      "compute.instances.list",
      (c, o, page) => c.instances.list({ project: session.project, zone: session.settings.zone, ...page }, o),
      (i: Instance) => i,
    );
  const nameOf = (vm: IID) => vm.systemId || vm.nameId;
  const power = async (
    ctx: CallContext,
    vm: IID,
    api: "compute.instances.start" | "compute.instances.stop" | "compute.instances.delete",
  ) => {
    await session.ready(ctx);
    const instance = nameOf(vm);
    const zone = session.settings.zone;
    const project = session.project;
    await session.begin(ctx, api, (c, o, requestId) => {
      const request = { project, zone, instance, requestId };
      switch (api) {
        case "compute.instances.start":
          return c.instances.start(request, o);
        case "compute.instances.stop":
          return c.instances.stop(request, o);
        default:
          return c.instances.delete(request, o);
      }
    });
  };

  const body = async (
    request: DriverVmRequest,
    ctx: CallContext,
    zone: string,
  ): Promise<{ instance: Instance; user: string }> => {
    const labels = checkLabels(request.tags);
    if (request.imageType !== "MyImage") parseImageId(request.imageIID.systemId);
    const image =
      request.imageType === "MyImage"
        ? session.globalPath("images", request.imageIID.systemId || request.imageIID.nameId)
        : request.imageIID.systemId;
    const user = request.vmUserId ?? options.vmUser;
    const key = request.keyPairIID ? await keyPairEntry(session, ctx, request.keyPairIID) : undefined;
    const keyLine = key ? key.publicKey.split(" ").slice(0, 2).join(" ") : undefined;
    const diskType = diskTypeOrDefault(request.rootDiskType);
    const instance: Instance = {
      name: request.name,
      machineType: `zones/${zone}/machineTypes/${request.specName}`,
      disks: [
        {
          boot: true,
          autoDelete: true,
          type: "PERSISTENT",
          initializeParams: {
            sourceImage: image,
            ...(request.rootDiskSizeGB ? { diskSizeGb: String(request.rootDiskSizeGB) } : {}),
            ...(diskType ? { diskType: `zones/${zone}/diskTypes/${diskType}` } : {}),
          },
        },
        ...request.dataDiskIIDs.map((d) => ({
          boot: false,
          autoDelete: false,
          type: "PERSISTENT",
          source: session.zonePath("disks", d.systemId || d.nameId, zone),
        })),
      ],
      networkInterfaces: [
        {
          network: session.globalPath("networks", request.vpcIID.systemId || request.vpcIID.nameId),
          subnetwork: session.regionPath("subnetworks", request.subnetIID.systemId || request.subnetIID.nameId),
          accessConfigs: [{ name: "External NAT", type: "ONE_TO_ONE_NAT" }],
        },
      ],
      tags: { items: request.securityGroupIIDs.map((g) => g.systemId || g.nameId) },
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      metadata: {
        items: [
          ...(keyLine ? [{ key: "ssh-keys", value: `${user}:${keyLine} ${user}` }] : []),
          { key: "enable-oslogin", value: "FALSE" },
          // A password is set by cloud-init from `user-data` (images with cloud-init, such as Ubuntu's).
          ...(request.vmUserPassword === undefined
            ? []
            : [{ key: "user-data", value: cloudInit({ user, password: request.vmUserPassword, publicKey: keyLine }) }]),
          {
            key: imageItem,
            value: request.imageType === "MyImage" ? request.imageIID.systemId || request.imageIID.nameId : image,
          },
          ...(request.keyPairIID
            ? [{ key: keyPairItem, value: request.keyPairIID.systemId || request.keyPairIID.nameId }]
            : []),
        ],
      },
    };
    return { instance, user };
  };

  return {
    async start(request, ctx) {
      checkName(request.name);
      await session.ready(ctx);
      const zone = request.zone ?? session.settings.zone;
      const { instance, user } = await body(request, ctx, zone);
      const project = session.project;
      return ctx.compensate(async (undo) => {
        let refused = false; // the insert's Operation ended for quota or capacity: nothing was made
        undo(`delete instance ${request.name}`, async (u) => {
          if (refused) return;
          await session.mutate(
            u,
            "compute.instances.delete",
            (c, o, requestId) => c.instances.delete({ project, zone, instance: request.name, requestId }, o),
            `instance ${request.name} to be deleted`,
          );
        });
        await session
          .mutate(
            ctx,
            "compute.instances.insert",
            (c, o, requestId) => c.instances.insert({ project, zone, requestId, instanceResource: instance }, o),
            `instance ${request.name} to be made`,
            "vmRunning",
            requestIdOf(request.idempotencyToken),
          )
          .catch((error: unknown) => {
            refused = madeNothing(error);
            throw error;
          });
        ctx.created(request.name);
        const info = startedVmInfo(request, { systemId: request.name, region, vmUserId: user, platform: "Linux/UNIX" });
        return { ...info, region: { region, zone } };
      });
    },

    async get(vm, ctx) {
      await session.ready(ctx);
      return toVmInfo(await get(ctx, nameOf(vm), session.settings.zone), region);
    },

    async *list(ctx) {
      await session.ready(ctx);
      for await (const instance of list(ctx)) yield toVmInfo(instance, region);
    },

    async getStatus(vm, ctx) {
      await session.ready(ctx);
      return vmStatusOf((await get(ctx, nameOf(vm), session.settings.zone)).status);
    },

    async *listStatus(ctx): AsyncGenerator<VmStatusInfo> {
      await session.ready(ctx);
      for await (const instance of list(ctx))
        yield { iid: iid(instance.name ?? ""), status: vmStatusOf(instance.status) };
    },

    async suspend(vm, ctx) {
      await power(ctx, vm, "compute.instances.stop");
      return "Suspending";
    },

    async resume(vm, ctx) {
      await power(ctx, vm, "compute.instances.start");
      return "Resuming";
    },

    // A reset leaves the instance RUNNING throughout: its Operation is the only sign it is over.
    async reboot(vm, ctx) {
      await session.ready(ctx);
      const instance = nameOf(vm);
      const { zone } = session.settings;
      await session.mutate(
        ctx,
        "compute.instances.reset",
        (c, o, requestId) => c.instances.reset({ project: session.project, zone, instance, requestId }, o),
        `instance ${instance} to be reset`,
      );
      return "Rebooting";
    },

    // The boot disk goes with it (autoDelete); data disks stay.
    async terminate(vm, ctx) {
      await power(ctx, vm, "compute.instances.delete");
      return "Terminating";
    },
  };
}

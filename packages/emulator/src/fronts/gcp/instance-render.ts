import type { Disk, Vm } from "../../world/types.js";
import { link, timestamp } from "./context.js";
import type { GcpContext } from "./context.js";
import type { InstanceEntry } from "./instance-book.js";
import type { InstanceStatus } from "./instance-status.js";

/** An Instance resource as instances.get returns it; `disks` holds the world disks the entry lists. */
export function renderInstance(
  ctx: GcpContext,
  vm: Vm,
  entry: InstanceEntry,
  status: InstanceStatus,
  disks: ReadonlyMap<string, Disk>,
) {
  const zoneLink = link(ctx, `zones/${entry.zone}`);
  const live = status === "RUNNING" || status === "STAGING";
  return {
    kind: "compute#instance",
    id: vm.id,
    creationTimestamp: timestamp(vm.createdAt),
    name: vm.name,
    description: entry.description,
    tags: { items: [...entry.tags], fingerprint: entry.tagsFingerprint },
    machineType: `${zoneLink}/machineTypes/${vm.specName}`,
    status,
    zone: zoneLink,
    canIpForward: false,
    networkInterfaces: [
      {
        kind: "compute#networkInterface",
        network: link(ctx, entry.network),
        subnetwork: link(ctx, entry.subnetwork),
        networkIP: vm.privateIp,
        name: "nic0",
        stackType: "IPV4_ONLY",
        fingerprint: entry.metadataFingerprint,
        ...(entry.accessConfig
          ? {
              accessConfigs: [
                {
                  kind: "compute#accessConfig",
                  type: "ONE_TO_ONE_NAT",
                  name: entry.accessConfig.name,
                  networkTier: entry.accessConfig.networkTier,
                  // An ephemeral address is held only while the instance runs.
                  ...(live && vm.publicIp !== undefined ? { natIP: vm.publicIp } : {}),
                },
              ],
            }
          : {}),
      },
    ],
    disks: entry.disks.map((d, index) => {
      const disk = disks.get(d.diskId);
      return {
        kind: "compute#attachedDisk",
        type: "PERSISTENT",
        mode: d.mode,
        source: `${zoneLink}/disks/${disk?.name ?? d.diskId}`,
        deviceName: d.deviceName,
        index,
        boot: d.boot,
        autoDelete: d.autoDelete,
        interface: "SCSI",
        diskSizeGb: String(disk?.sizeGB ?? 0),
        architecture: vm.architecture === "arm64" ? "ARM64" : "X86_64",
        ...(d.boot ? { licenses: [], guestOsFeatures: [{ type: "VIRTIO_SCSI_MULTIQUEUE" }] } : {}),
      };
    }),
    metadata: {
      kind: "compute#metadata",
      fingerprint: entry.metadataFingerprint,
      ...(entry.metadata.length > 0 ? { items: entry.metadata.map((i) => ({ ...i })) } : {}),
    },
    selfLink: `${zoneLink}/instances/${vm.name}`,
    scheduling: { ...entry.scheduling },
    cpuPlatform: vm.architecture === "arm64" ? "Ampere Altra" : "Intel Cascade Lake",
    labels: { ...vm.tags },
    labelFingerprint: entry.labelFingerprint,
    startRestricted: false,
    deletionProtection: entry.deletionProtection === true,
    ...(entry.serviceAccounts
      ? { serviceAccounts: entry.serviceAccounts.map((a) => ({ ...a, scopes: [...a.scopes] })) }
      : {}),
    fingerprint: entry.metadataFingerprint,
    ...(entry.lastStartTimestamp === undefined ? {} : { lastStartTimestamp: timestamp(entry.lastStartTimestamp) }),
    ...(entry.lastStopTimestamp === undefined ? {} : { lastStopTimestamp: timestamp(entry.lastStopTimestamp) }),
    ...(entry.lastSuspendedTimestamp === undefined
      ? {}
      : { lastSuspendedTimestamp: timestamp(entry.lastSuspendedTimestamp) }),
  };
}

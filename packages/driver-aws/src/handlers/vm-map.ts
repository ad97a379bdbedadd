import type { Instance, Volume } from "@aws-sdk/client-ec2";
import type { IID, ImageType, VmInfo } from "@cloud-barista/core/driver";
import type { ImageFacts } from "../session.js";
import { nameOf, userTagsOf, vmUserTagKey } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";
import { platformOf } from "./image-map.js";

/**
 * What an instance description lacks: its image (remembered per connection) and, only when the
 * caller asks for details, its root volume (a DescribeVolumes call).
 */
export interface InstanceDetails {
  rootVolume?: Volume | undefined;
  image?: ImageFacts | undefined;
  /** The instance's account: an image it owns is a my-image. */
  ownerId?: string | undefined;
}

export function rootVolumeIdOf(instance: Instance): string | undefined {
  return instance.BlockDeviceMappings?.find((m) => m.DeviceName === instance.RootDeviceName)?.Ebs?.VolumeId;
}

function imageOf(instance: Instance, details: InstanceDetails): { imageType: ImageType; imageIID: IID } {
  const id = instance.ImageId ?? "";
  const image = details.image;
  // An AMI the instance's own account owns is a my-image (ownership never changes, so it can be remembered).
  if (image && details.ownerId !== undefined && image.OwnerId === details.ownerId) {
    return { imageType: "MyImage", imageIID: { nameId: image.Name ?? id, systemId: id } };
  }
  return { imageType: "PublicImage", imageIID: { nameId: id, systemId: id } };
}

/**
 * The instance's security groups: its own list and its network interfaces' (an instance launched
 * with interfaces may list its groups only there), each once.
 */
export function securityGroupsOf(instance: Instance): IID[] {
  const groups = new Map<string, string>();
  const all = [
    ...(instance.SecurityGroups ?? []),
    ...(instance.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? []),
  ];
  for (const g of all) if (g.GroupId && !groups.get(g.GroupId)) groups.set(g.GroupId, g.GroupName ?? "");
  return [...groups].map(([systemId, nameId]) => ({ nameId: nameId || systemId, systemId }));
}

/**
 * The login user: Administrator on Windows, else the one the driver's tag names (instances it
 * launched); unknown (absent) for instances launched by anything else.
 */
function loginUserOf(instance: Instance, windows: boolean, launchedAs: string | undefined): string | undefined {
  if (windows) return "Administrator";
  return launchedAs ?? instance.Tags?.find((t) => t.Key === vmUserTagKey)?.Value;
}

/** An EC2 instance as a VmInfo; `launchedAs` is the login user of an instance the driver just launched. */
export function toVmInfo(instance: Instance, details: InstanceDetails, region: string, launchedAs?: string): VmInfo {
  const platform = platformOf(instance.Platform, instance.PlatformDetails);
  const rootDevice = instance.RootDeviceName;
  const id = (value: string | undefined): IID => ({ nameId: value ?? "", systemId: value ?? "" });
  const root = details.rootVolume;
  const publicIp = instance.PublicIpAddress;
  const vmUser = loginUserOf(instance, platform === "Windows", launchedAs);
  return {
    iid: { nameId: nameOf(instance.Tags, instance.InstanceId), systemId: instance.InstanceId ?? "" },
    status: vmStatusOf(instance.State?.Name),
    ...(instance.LaunchTime ? { startTime: instance.LaunchTime } : {}),
    region: { region, ...(instance.Placement?.AvailabilityZone ? { zone: instance.Placement.AvailabilityZone } : {}) },
    ...imageOf(instance, details),
    specName: instance.InstanceType ?? "",
    vpcIID: id(instance.VpcId),
    subnetIID: id(instance.SubnetId),
    securityGroupIIDs: securityGroupsOf(instance),
    ...(instance.KeyName ? { keyPairIID: id(instance.KeyName) } : {}),
    ...(root?.VolumeType ? { rootDiskType: root.VolumeType } : {}),
    ...(root?.Size === undefined ? {} : { rootDiskSizeGB: root.Size }),
    ...(rootDevice ? { rootDeviceName: rootDevice } : {}),
    dataDiskIIDs: (instance.BlockDeviceMappings ?? [])
      .filter((m) => m.DeviceName !== rootDevice && m.Ebs?.VolumeId)
      .map((m) => id(m.Ebs?.VolumeId)),
    ...(vmUser === undefined ? {} : { vmUserId: vmUser }),
    platform,
    ...(instance.PrivateIpAddress ? { privateIp: instance.PrivateIpAddress } : {}),
    ...(instance.PrivateDnsName ? { privateDns: instance.PrivateDnsName } : {}),
    ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:22` } : {}),
    ...(instance.PublicDnsName ? { publicDns: instance.PublicDnsName } : {}),
    tags: userTagsOf(instance.Tags),
    extra: {
      nativeState: instance.State?.Name ?? "",
      architecture: instance.Architecture ?? "",
      ...(instance.StateTransitionReason ? { stateReason: instance.StateTransitionReason } : {}),
    },
  };
}

import { ownRecord } from "@cloud-barista/core/driver";
import type { IID, ImageType, VmInfo } from "@cloud-barista/core/driver";
import type { AlibabaSession } from "../session.js";
import { tagsOf } from "../tags.js";
import type { AnsweredTag } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";

/** An instance as DescribeInstances answers it. */
export interface AlibabaInstance {
  InstanceId?: string;
  InstanceName?: string;
  Status?: string;
  ZoneId?: string;
  RegionId?: string;
  ImageId?: string;
  InstanceType?: string;
  OSType?: string;
  OSName?: string;
  CreationTime?: string;
  StartTime?: string;
  KeyPairName?: string;
  SecurityGroupIds?: { SecurityGroupId?: string[] };
  VpcAttributes?: { VpcId?: string; VSwitchId?: string; PrivateIpAddress?: { IpAddress?: string[] } };
  PublicIpAddress?: { IpAddress?: string[] };
  EipAddress?: { IpAddress?: string };
  InternetMaxBandwidthOut?: number;
  StoppedMode?: string;
  Tags?: { Tag?: AnsweredTag[] };
}

export interface InstancesAnswer {
  RequestId?: string;
  TotalCount?: number;
  NextToken?: string;
  Instances?: { Instance?: AlibabaInstance[] };
}

/** The tag that says a VM was started from one of the user's images (ImageId does not tell). */
export const imageTypeTagKey = "cb-image-type";

/** The tag that names the login user the driver made on a VM. */
export const vmUserTagKey = "cb-vm-user";

const iid = (systemId: string | undefined): IID => ({ nameId: "", systemId: systemId ?? "" });

/** An instance in the portable model; names of referenced resources are the runtime's to fill. */
export function toVmInfo(session: AlibabaSession, i: AlibabaInstance): VmInfo {
  const all = ownRecord(tagsOf(i.Tags) ?? {});
  const imageTag = all[imageTypeTagKey];
  const userTag = all[vmUserTagKey];
  delete all[imageTypeTagKey];
  delete all[vmUserTagKey];
  const tags = Object.keys(all).length > 0 ? all : undefined;
  const windows = (i.OSType ?? "").toLowerCase() === "windows";
  const privateIp = i.VpcAttributes?.PrivateIpAddress?.IpAddress?.[0];
  const publicIp = i.PublicIpAddress?.IpAddress?.[0] || i.EipAddress?.IpAddress || undefined;
  const imageType: ImageType = imageTag === "MyImage" ? "MyImage" : "PublicImage";
  const started = i.StartTime ?? i.CreationTime;
  const startTime = started ? new Date(started) : undefined;
  return {
    iid: { nameId: i.InstanceName ?? "", systemId: i.InstanceId ?? "" },
    status: vmStatusOf(i.Status),
    ...(startTime && !Number.isNaN(startTime.getTime()) ? { startTime } : {}),
    region: { region: i.RegionId ?? session.region, ...(i.ZoneId ? { zone: i.ZoneId } : {}) },
    imageType,
    imageIID: iid(i.ImageId),
    specName: i.InstanceType ?? "",
    vpcIID: iid(i.VpcAttributes?.VpcId),
    subnetIID: iid(i.VpcAttributes?.VSwitchId),
    securityGroupIIDs: (i.SecurityGroupIds?.SecurityGroupId ?? []).map(iid),
    ...(i.KeyPairName ? { keyPairIID: { nameId: i.KeyPairName, systemId: i.KeyPairName } } : {}),
    dataDiskIIDs: [],
    // Instances the driver did not make log in as Alibaba's images do: root, or Administrator.
    vmUserId: userTag ?? (windows ? "Administrator" : "root"),
    platform: windows ? "Windows" : "Linux/UNIX",
    ...(privateIp ? { privateIp } : {}),
    ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:22` } : {}),
    ...(tags ? { tags } : {}),
    extra: { nativeState: i.Status ?? "", ...(i.OSName ? { osName: i.OSName } : {}) },
  };
}

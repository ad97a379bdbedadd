import type { IID, ImageType, VmInfo } from "@cloud-barista/core/driver";
import type { Instance } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js";
import type { ApiAnswer, TencentSession } from "../session.js";
import { tagsOf, withoutKeys } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";

export type TencentInstance = Instance;

export interface InstancesAnswer extends ApiAnswer {
  TotalCount?: number;
  InstanceSet?: Instance[];
}

/** The tag that says a VM was started from one of the user's images (ImageId does not tell). */
export const imageTypeTagKey = "cb-image-type";

/** The tag that names the login user the driver made on a VM. */
export const vmUserTagKey = "cb-vm-user";

const iid = (systemId: string | undefined | null): IID => ({ nameId: "", systemId: systemId ?? "" });

/**
 * An instance in the portable model; names of referenced resources are the runtime's to fill.
 * DescribeInstances carries the system disk and the data disks, so no field needs `details`.
 */
export function toVmInfo(session: TencentSession, i: Instance): VmInfo {
  const all = tagsOf(i.Tags);
  const imageTag = all?.[imageTypeTagKey];
  const userTag = all?.[vmUserTagKey];
  const tags = withoutKeys(all, [imageTypeTagKey, vmUserTagKey]);
  const windows = /windows/i.test(i.OsName ?? "");
  const privateIp = i.PrivateIpAddresses?.[0];
  const publicIp = i.PublicIpAddresses?.[0] || undefined;
  const imageType: ImageType = imageTag === "MyImage" ? "MyImage" : "PublicImage";
  const startTime = i.CreatedTime ? new Date(i.CreatedTime) : undefined;
  const keyId = i.LoginSettings?.KeyIds?.[0];
  return {
    iid: { nameId: i.InstanceName ?? "", systemId: i.InstanceId ?? "" },
    status: vmStatusOf(i),
    ...(startTime && !Number.isNaN(startTime.getTime()) ? { startTime } : {}),
    region: { region: session.region, ...(i.Placement?.Zone ? { zone: i.Placement.Zone } : {}) },
    imageType,
    imageIID: iid(i.ImageId),
    specName: i.InstanceType ?? "",
    vpcIID: iid(i.VirtualPrivateCloud?.VpcId),
    subnetIID: iid(i.VirtualPrivateCloud?.SubnetId),
    securityGroupIIDs: (i.SecurityGroupIds ?? []).map(iid),
    ...(keyId ? { keyPairIID: iid(keyId) } : {}),
    ...(i.SystemDisk?.DiskType ? { rootDiskType: i.SystemDisk.DiskType } : {}),
    ...(i.SystemDisk?.DiskSize ? { rootDiskSizeGB: Number(i.SystemDisk.DiskSize) } : {}),
    dataDiskIIDs: (i.DataDisks ?? [])
      .filter((d) => d.DiskId)
      .map((d) => ({ nameId: d.DiskName ?? "", systemId: d.DiskId ?? "" })),
    // Instances the driver did not make log in as their image does (Tencent names the user).
    vmUserId: userTag ?? (i.DefaultLoginUser || (windows ? "Administrator" : "root")),
    platform: windows ? "Windows" : "Linux/UNIX",
    ...(privateIp ? { privateIp } : {}),
    ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:${i.DefaultLoginPort ?? 22}` } : {}),
    ...(tags ? { tags } : {}),
    extra: {
      nativeState: i.InstanceState ?? "",
      ...(i.LatestOperation ? { latestOperation: i.LatestOperation } : {}),
      ...(i.LatestOperationState ? { latestOperationState: i.LatestOperationState } : {}),
      ...(i.LatestOperationErrorMsg ? { latestOperationError: i.LatestOperationErrorMsg } : {}),
      ...(i.OsName ? { osName: i.OsName } : {}),
    },
  };
}

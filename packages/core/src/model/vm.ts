import type { Extra, IID, Tags } from "./common.js";
import type { OsPlatform } from "./image.js";

/** The lifecycle state of a VM. */
export type VmStatus =
  | "Creating"
  | "Running"
  | "Suspending"
  | "Suspended"
  | "Resuming"
  | "Rebooting"
  | "Terminating"
  | "Terminated"
  | "NotExist"
  | "Failed"
  /** The cloud reported a state the driver does not know (the raw state is in `extra.nativeState`). */
  | "Unknown";

/** Whether a VM boots from a public image or from one made from a VM. */
export type ImageType = "PublicImage" | "MyImage";

/** What `connection.vm.create` takes. */
export interface VmRequest {
  name: string;
  /** Default "PublicImage". */
  imageType?: ImageType;
  /** A public image id, or the name of a my-image when imageType is "MyImage". */
  image: string;
  specName: string;
  vpcName: string;
  subnetName: string;
  securityGroupNames: string[];
  keyPairName?: string;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  /** The root disk's provisioned IOPS and throughput, as `DiskRequest.diskIops` and `diskThroughputMiBps`. */
  rootDiskIops?: number;
  rootDiskThroughputMiBps?: number;
  /** Names of disks to attach at start. */
  dataDiskNames?: string[];
  vmUserId?: string;
  vmUserPassword?: string;
  tags?: Tags;
}

/** A VM as the SDK reports it. */
export interface VmInfo {
  iid: IID;
  status?: VmStatus;
  startTime?: Date;
  region: { region: string; zone?: string };
  imageType: ImageType;
  imageIID: IID;
  specName: string;
  vpcIID: IID;
  subnetIID: IID;
  securityGroupIIDs: IID[];
  keyPairIID?: IID;
  rootDiskType?: string;
  rootDiskSizeGB?: number;
  rootDeviceName?: string;
  dataDiskIIDs: IID[];
  vmUserId?: string;
  platform: OsPlatform;
  privateIp?: string;
  privateDns?: string;
  publicIp?: string;
  publicDns?: string;
  /** "host:port" to reach the VM over SSH, when it has an address. */
  sshAccessPoint?: string;
  tags?: Tags;
  extra?: Extra;
}

/** A VM's name and status, as `listStatus` yields them. */
export interface VmStatusInfo {
  iid: IID;
  status: VmStatus;
}

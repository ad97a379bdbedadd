import type { OsPlatform } from "../model/image.js";
import type { VmInfo } from "../model/vm.js";
import type { DriverVmRequest } from "./requests.js";

/** What the cloud told about a VM it accepted to start, beyond the request itself. */
export interface StartedVm {
  systemId: string;
  region: string;
  vmUserId: string;
  platform: OsPlatform;
  publicIp?: string | undefined;
}

/**
 * The VmInfo of a VM that is starting, for clouds whose start call answers with little more than
 * an id (an operation, a server reference): everything else is what the request asked for.
 */
export function startedVmInfo(request: DriverVmRequest, started: StartedVm): VmInfo {
  const { publicIp } = started;
  return {
    iid: { nameId: request.name, systemId: started.systemId },
    status: "Creating",
    region: { region: started.region, ...(request.zone ? { zone: request.zone } : {}) },
    imageType: request.imageType,
    imageIID: request.imageIID,
    specName: request.specName,
    vpcIID: request.vpcIID,
    subnetIID: request.subnetIID,
    securityGroupIIDs: request.securityGroupIIDs,
    ...(request.keyPairIID ? { keyPairIID: request.keyPairIID } : {}),
    dataDiskIIDs: request.dataDiskIIDs,
    vmUserId: started.vmUserId,
    platform: started.platform,
    ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:22` } : {}),
    ...(request.tags ? { tags: request.tags } : {}),
  };
}

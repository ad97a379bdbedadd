import { diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { CallContext, VmHandler, VmInfo, VmStatusInfo } from "@cloud-barista/core/driver";
import type { AccountRegion, Vm, VmStateChange } from "@cloud-barista/emulator";
import type { MockApiName } from "../apis.js";
import { idOf, iidOf } from "../session.js";
import type { MockSession } from "../session.js";
import { vmStatusOf } from "../vm-status.js";
import { fromWorldImageVisibility, fromWorldOsPlatform, imagesOf } from "../vocabulary.js";

export function createVmHandler(session: MockSession): VmHandler {
  // Control calls answer with the transitional status they caused ("Suspending", ...).
  const control = async (ctx: CallContext, api: MockApiName, change: (cloud: AccountRegion) => VmStateChange) =>
    vmStatusOf((await session.call(ctx, api, change)).currentState);
  return {
    // Returns as soon as the VM has an id: it is still pending ("Creating").
    async start(request, ctx) {
      const vm = await session.call(
        ctx,
        "RunInstances",
        (cloud) =>
          cloud.vms.run({
            name: request.name,
            imageId: idOf(request.imageIID),
            specName: request.specName,
            vpcId: idOf(request.vpcIID),
            subnetId: idOf(request.subnetIID),
            securityGroupIds: request.securityGroupIIDs.map(idOf),
            keyPairId: request.keyPairIID ? idOf(request.keyPairIID) : undefined,
            zone: request.zone,
            rootDisk: { type: diskTypeOrDefault(request.rootDiskType), sizeGB: request.rootDiskSizeGB },
            dataDiskIds: request.dataDiskIIDs.map(idOf),
            loginUser: request.vmUserId,
            clientToken: request.idempotencyToken,
            tags: request.tags,
          }),
        { images: imagesOf(request.imageType) },
      );
      return toVmInfo(vm, session.region);
    },

    async get(vm, ctx) {
      return toVmInfo(await session.call(ctx, "DescribeInstances", (cloud) => cloud.vms.get(idOf(vm))), session.region);
    },

    // Terminated VMs linger in the world for a while; the SPI lists only VMs that still exist.
    list: (ctx) =>
      session.list(
        ctx,
        "DescribeInstances",
        (cloud, page) => cloud.vms.list({ ...page, where: (vm) => vm.state !== "terminated" }),
        (vm) => toVmInfo(vm, session.region),
      ),

    async getStatus(vm, ctx) {
      const found = await session.call(ctx, "DescribeInstanceStatus", (cloud) => cloud.vms.get(idOf(vm)));
      return vmStatusOf(found.state);
    },

    listStatus: (ctx) =>
      session.list(
        ctx,
        "DescribeInstanceStatus",
        (cloud, page) => cloud.vms.list(page),
        (vm): VmStatusInfo => ({ iid: { nameId: vm.name, systemId: vm.id }, status: vmStatusOf(vm.state) }),
      ),

    suspend: (vm, ctx) => control(ctx, "StopInstances", (cloud) => cloud.vms.stop(idOf(vm))),
    resume: (vm, ctx) => control(ctx, "StartInstances", (cloud) => cloud.vms.start(idOf(vm))),
    reboot: (vm, ctx) => control(ctx, "RebootInstances", (cloud) => cloud.vms.reboot(idOf(vm))),
    terminate: (vm, ctx) => control(ctx, "TerminateInstances", (cloud) => cloud.vms.terminate(idOf(vm))),
  };
}

export function toVmInfo(vm: Vm, region: string): VmInfo {
  return {
    iid: { nameId: vm.name, systemId: vm.id },
    status: vmStatusOf(vm.state),
    startTime: new Date(vm.launchedAt),
    region: { region, zone: vm.zone },
    imageType: fromWorldImageVisibility(vm.image.visibility),
    // A public image is named by its id; a my-image by its own name.
    imageIID: vm.image.visibility === "private" ? iidOf(vm.image) : { nameId: vm.image.id, systemId: vm.image.id },
    specName: vm.specName,
    vpcIID: iidOf(vm.vpc),
    subnetIID: iidOf(vm.subnet),
    securityGroupIIDs: vm.securityGroups.map(iidOf),
    ...(vm.keyPair ? { keyPairIID: iidOf(vm.keyPair) } : {}),
    rootDiskType: vm.rootDisk.type,
    rootDiskSizeGB: vm.rootDisk.sizeGB,
    rootDeviceName: vm.rootDisk.deviceName,
    dataDiskIIDs: vm.dataDisks.map(iidOf),
    vmUserId: vm.loginUser,
    platform: fromWorldOsPlatform(vm.platform),
    privateIp: vm.privateIp,
    ...(vm.privateDns ? { privateDns: vm.privateDns } : {}),
    ...(vm.publicIp ? { publicIp: vm.publicIp, sshAccessPoint: `${vm.publicIp}:22` } : {}),
    ...(vm.publicDns ? { publicDns: vm.publicDns } : {}),
    tags: vm.tags,
    extra: { nativeState: vm.state, architecture: vm.architecture, vcpus: String(vm.vcpus) },
  };
}

import { describe, expect, it } from "vitest";
import { expectWorldError, mockCloud, network, runVm, testWorld } from "./support.js";

describe("disks", () => {
  it("go creating -> available, attach in-use to a VM in their zone, detach, grow only", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const vm = runVm(cloud, network(cloud));
    const disk = cloud.disks.create({ name: "data", sizeGB: 20 });
    expect(disk).toMatchObject({ state: "creating", zone: "mock-seoul-a", type: "mock-ssd", sizeGB: 20 });
    expectWorldError(() => cloud.disks.attach(disk.id, vm.id), "IncorrectState", /being created/);
    clock.advance(world.timing.vmBootMs);
    expect(cloud.disks.get(disk.id).state).toBe("available");

    const attached = cloud.disks.attach(disk.id, vm.id);
    expect(attached.state).toBe("in-use");
    expect(attached.attachment).toEqual({ vm: { id: vm.id, name: vm.name }, device: "/dev/sdf" });
    expect(cloud.vms.get(vm.id).dataDisks).toEqual([{ id: disk.id, name: "data" }]);
    expectWorldError(() => cloud.disks.delete(disk.id), "IncorrectState", /attached/);
    expectWorldError(() => cloud.disks.attach(disk.id, vm.id), "IncorrectState");

    expect(cloud.disks.resize(disk.id, 40).sizeGB).toBe(40);
    expectWorldError(() => cloud.disks.resize(disk.id, 30), "InvalidParameter", /above the current/);
    expectWorldError(() => cloud.disks.detach(disk.id, "mock-vm-other"), "NotFound");
    expect(cloud.disks.detach(disk.id, vm.id).state).toBe("available");
    expectWorldError(() => cloud.disks.detach(disk.id), "NotFound");
    cloud.disks.delete(disk.id);
    expectWorldError(() => cloud.disks.get(disk.id), "NotFound");
  });

  it("boot a VM from a volume made of its image, which goes with the VM when asked to", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const image = "mock-ubuntu-2404-amd64";
    expectWorldError(() => cloud.disks.create({ name: "r", sourceImageId: image, sizeGB: 1 }), "InvalidParameter");
    const root = cloud.disks.create({ name: "root", sourceImageId: image, sizeGB: 30 });
    expect(root.sourceImage?.id).toBe(image);
    const keep = cloud.disks.create({ name: "keep", sourceImageId: image, sizeGB: 30 });
    const run = (name: string, volume: string, deleteOnTermination: boolean) =>
      cloud.vms.run({
        name,
        imageId: image,
        specName: "mock-small",
        subnetId: net.subnetId,
        bootVolume: { id: volume, deleteOnTermination },
      });
    const vm = run("bfv", root.id, true);
    expect(vm).toMatchObject({ rootVolume: { id: root.id }, rootDisk: { sizeGB: 30, deviceName: "/dev/vda" } });
    expect(vm.dataDisks).toEqual([]);
    expect(cloud.disks.get(root.id).attachment).toEqual({
      vm: { id: vm.id, name: "bfv" },
      device: "/dev/vda",
      deleteOnTermination: true,
    });
    const other = run("keeper", keep.id, false);
    clock.advance(world.timing.vmBootMs);
    cloud.vms.terminate(vm.id);
    cloud.vms.terminate(other.id);
    expect(cloud.disks.get(root.id).state).toBe("in-use");
    expect(cloud.disks.get(keep.id).state).toBe("available");
    clock.advance(world.timing.vmTerminateMs);
    expectWorldError(() => cloud.disks.get(root.id), "NotFound");
    expect(cloud.disks.get(keep.id).attachment).toBeUndefined();
  });

  it("refuse other zones, bad sizes and types, and the storage quota", () => {
    const { world, clock } = testWorld({ quotas: { MOCK: { diskTotalGB: 100 } } });
    const cloud = mockCloud(world);
    const vm = runVm(cloud, network(cloud));
    clock.advance(world.timing.vmBootMs);
    const far = cloud.disks.create({ name: "far", zone: "mock-seoul-b", sizeGB: 10 });
    clock.advance(world.timing.diskCreateMs);
    expectWorldError(() => cloud.disks.attach(far.id, vm.id), "InvalidParameter", /zone/);
    expectWorldError(() => cloud.disks.create({ name: "x", type: "gp3" }), "InvalidParameter", /type/);
    expectWorldError(() => cloud.disks.create({ name: "x", sizeGB: 0 }), "InvalidParameter", /sizeGB/);
    expectWorldError(() => cloud.disks.create({ name: "x", sizeGB: 91 }), "QuotaExceeded", /diskTotalGB/);
    expectWorldError(() => cloud.disks.resize(far.id, 101), "QuotaExceeded");
  });

  it("attach at launch and detach when the VM terminates", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const disk = cloud.disks.create({ name: "boot-data" });
    clock.advance(world.timing.diskCreateMs);
    const vm = cloud.vms.run({
      name: "vm",
      imageId: "mock-debian-12-amd64",
      specName: "mock-small",
      subnetId: net.subnetId,
      dataDiskIds: [disk.id],
    });
    expect(vm.dataDisks).toEqual([{ id: disk.id, name: "boot-data" }]);
    expect(cloud.disks.get(disk.id).state).toBe("in-use");
    cloud.vms.terminate(vm.id);
    expect(cloud.disks.get(disk.id).state).toBe("available");
  });
});

describe("my-images", () => {
  it("snapshot a running VM: pending -> available, bootable afterwards, names unique", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const vm = runVm(cloud, net);
    expectWorldError(() => cloud.myImages.create({ name: "img", vmId: vm.id }), "IncorrectState", /pending/);
    clock.advance(world.timing.vmBootMs);
    const image = cloud.myImages.create({ name: "img", vmId: vm.id });
    expect(image).toMatchObject({
      state: "pending",
      sourceVm: { id: vm.id, name: vm.name },
      architecture: "x86_64",
      osDistribution: "Ubuntu 24.04 LTS",
    });
    expect(image.id).toMatch(/^mock-img-/);
    expectWorldError(() => cloud.myImages.create({ name: "img", vmId: vm.id }), "Duplicate");
    const fromImage = { name: "clone", imageId: image.id, specName: "mock-small", subnetId: net.subnetId };
    expectWorldError(() => cloud.vms.run(fromImage), "IncorrectState", /not available/);
    clock.advance(world.timing.myImageCreateMs);
    expect(cloud.myImages.get(image.id).state).toBe("available");
    const clone = cloud.vms.run(fromImage);
    expect(clone.image).toEqual({ id: image.id, name: "img", visibility: "private" });
    cloud.myImages.delete(image.id);
    expectWorldError(() => cloud.myImages.get(image.id), "NotFound");
  });
});

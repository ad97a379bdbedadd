import { describe, expect, it } from "vitest";
import { expectWorldError, mockCloud, network, runVm, testWorld } from "./support.js";

describe("disks", () => {
  it("go creating -> available, attaching -> in-use, detaching -> available, grow only", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const vm = runVm(cloud, network(cloud));
    const disk = cloud.disks.create({ name: "data", sizeGB: 20 });
    expect(disk).toMatchObject({ state: "creating", zone: "mock-seoul-a", type: "mock-ssd", sizeGB: 20 });
    expectWorldError(() => cloud.disks.attach(disk.id, vm.id), "IncorrectState", /being created/);
    clock.advance(world.timing.vmBootMs);
    expect(cloud.disks.get(disk.id).state).toBe("available");

    const attaching = cloud.disks.attach(disk.id, vm.id);
    expect(attaching.state).toBe("attaching");
    expect(attaching.attachment).toEqual({ vm: { id: vm.id, name: vm.name }, device: "/dev/sdf" });
    expect(cloud.vms.get(vm.id).dataDisks).toEqual([{ id: disk.id, name: "data" }]);
    expectWorldError(() => cloud.disks.resize(disk.id, 40), "IncorrectState", /attaching/);
    expectWorldError(() => cloud.disks.detach(disk.id, vm.id), "IncorrectState", /attaching/);
    clock.advance(world.timing.diskAttachMs - 1);
    expect(cloud.disks.get(disk.id).state).toBe("attaching");
    clock.advance(1);
    expect(cloud.disks.get(disk.id).state).toBe("in-use");
    expectWorldError(() => cloud.disks.delete(disk.id), "IncorrectState", /attached/);
    expectWorldError(() => cloud.disks.attach(disk.id, vm.id), "IncorrectState");

    expect(cloud.disks.resize(disk.id, 40).sizeGB).toBe(40);
    expectWorldError(() => cloud.disks.resize(disk.id, 30), "InvalidParameter", /above the current/);
    expectWorldError(() => cloud.disks.detach(disk.id, "mock-vm-other"), "NotFound");
    const detaching = cloud.disks.detach(disk.id, vm.id);
    expect(detaching).toMatchObject({ state: "detaching", attachment: { vm: { id: vm.id } } });
    expectWorldError(() => cloud.disks.delete(disk.id), "IncorrectState", /attached/);
    clock.advance(world.timing.diskDetachMs);
    const detached = cloud.disks.get(disk.id);
    expect(detached.state).toBe("available");
    expect(detached.attachment).toBeUndefined();
    expect(cloud.vms.get(vm.id).dataDisks).toEqual([]);
    expectWorldError(() => cloud.disks.detach(disk.id), "NotFound");
    cloud.disks.delete(disk.id);
    expectWorldError(() => cloud.disks.get(disk.id), "NotFound");
  });

  it("boot a VM from a volume made of its image, which goes with the VM when asked to", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const image = "mock-ubuntu-2404-amd64";
    const root = cloud.disks.create({ name: "root", sourceImageId: image, sizeGB: 30 });
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

  it("extend in the background: extending at the old size, then the new size; the quota counts it at once", () => {
    const { world, clock } = testWorld({ quotas: { MOCK: { diskTotalGB: 100 } } });
    const cloud = mockCloud(world);
    const vm = runVm(cloud, network(cloud));
    const disk = cloud.disks.create({ name: "data", sizeGB: 20, sourceImageId: "mock-debian-12-amd64" });
    expect(disk.sourceImageId).toBe("mock-debian-12-amd64");
    expectWorldError(() => cloud.disks.extend(disk.id, 30), "IncorrectState", /being created/);
    clock.advance(world.timing.vmBootMs);
    expectWorldError(() => cloud.disks.extend(disk.id, 20), "InvalidParameter", /above the current/);
    expect(cloud.disks.extend(disk.id, 60)).toMatchObject({ state: "extending", sizeGB: 20 });
    expect(cloud.quotaUsage().find((q) => q.name === "diskTotalGB")?.used).toBe(60);
    expectWorldError(() => cloud.disks.create({ name: "more", sizeGB: 50 }), "QuotaExceeded");
    expectWorldError(() => cloud.disks.extend(disk.id, 70), "IncorrectState", /extending/);
    expectWorldError(() => cloud.disks.delete(disk.id), "IncorrectState", /extending/);
    clock.advance(world.timing.diskExtendMs);
    expect(cloud.disks.get(disk.id)).toMatchObject({ state: "available", sizeGB: 60 });

    cloud.disks.attach(disk.id, vm.id);
    clock.advance(world.timing.diskAttachMs);
    expect(cloud.disks.extend(disk.id, 70)).toMatchObject({ state: "extending", sizeGB: 60 });
    clock.advance(world.timing.diskExtendMs);
    expect(cloud.disks.get(disk.id)).toMatchObject({ state: "in-use", sizeGB: 70 });
    expectWorldError(() => cloud.disks.extend(disk.id, 101), "QuotaExceeded");
  });

  it("end failed background work in error states: error after a create, error-extending after an extend", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const broken = cloud.disks.create({ name: "broken", sizeGB: 10 }, { failsLater: true });
    expect(broken.state).toBe("creating");
    const disk = cloud.disks.create({ name: "data", sizeGB: 10 });
    clock.advance(world.timing.diskCreateMs);
    expect(cloud.disks.get(broken.id).state).toBe("error");
    cloud.disks.extend(disk.id, 20, { failsLater: true });
    clock.advance(world.timing.diskExtendMs);
    expect(cloud.disks.get(disk.id)).toMatchObject({ state: "error-extending", sizeGB: 10 });
    expect(cloud.quotaUsage().find((q) => q.name === "diskTotalGB")?.used).toBe(20);
    expectWorldError(() => cloud.disks.extend(disk.id, 30), "IncorrectState", /error-extending/);
    cloud.disks.delete(disk.id);
    expect(cloud.disks.beginDelete(broken.id).state).toBe("deleting");
    expect(cloud.quotaUsage().find((q) => q.name === "disks")?.used).toBe(1);
    expectWorldError(() => cloud.disks.extend(broken.id, 30), "IncorrectState", /deleting/);
    clock.advance(world.timing.diskDeleteMs);
    expect(cloud.disks.list().items).toEqual([]);
  });

  it("end work in error when a background fault hits the call that started it", async () => {
    const { world, clock } = testWorld();
    const target = { provider: "MOCK", account: "alice", region: "mock-seoul", api: "CreateVolume" };
    world.faults.add({ api: "CreateVolume", kind: "internal", phase: "background", times: 1 });
    const failing = await world.call(target, (cloud, gate) => cloud.disks.create({ name: "a" }, gate));
    const fine = await world.call(target, (cloud, gate) => cloud.disks.create({ name: "b" }, gate));
    clock.advance(world.timing.diskCreateMs);
    const cloud = world.accountRegion(target);
    expect([cloud.disks.get(failing.id).state, cloud.disks.get(fine.id).state]).toEqual(["error", "available"]);
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

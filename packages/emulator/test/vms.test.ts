import { describe, expect, it } from "vitest";
import { expectWorldError, mockCloud, network, runVm, testWorld } from "./support.js";

describe("VM lifecycle on a virtual clock", () => {
  it("is pending, then running after the boot time, with addresses from the subnet", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const vm = runVm(cloud, net);
    expect(vm.state).toBe("pending");
    expect(vm.privateIp).toBe("10.0.1.4");
    expect(vm.publicIp).toMatch(/^198\.(18|19)\.\d+\.\d+$/);
    expect(vm.publicDns).toContain("mock-seoul");
    expect(vm.zone).toBe("mock-seoul-a");
    expect(vm.loginUser).toBe("cb-user");
    expect(vm.securityGroups).toEqual([{ id: net.sg.id, name: "net-sg" }]);
    clock.advance(world.timing.vmBootMs - 1);
    expect(cloud.vms.get(vm.id).state).toBe("pending");
    clock.advance(1);
    const running = cloud.vms.get(vm.id);
    expect(running.state).toBe("running");
    expect(running.stateSince).toBe(vm.createdAt + world.timing.vmBootMs);
    expect(runVm(cloud, net, "vm-2").privateIp).toBe("10.0.1.5");
  });

  it("stops, starts, reboots and terminates through transitional states; terminated VMs vanish later", () => {
    const { world, clock } = testWorld();
    const cloud = mockCloud(world);
    const vm = runVm(cloud, network(cloud));
    const state = () => cloud.vms.get(vm.id).state;
    clock.advance(world.timing.vmBootMs);

    expect(cloud.vms.stop(vm.id)).toEqual({ id: vm.id, previousState: "running", currentState: "stopping" });
    expect(cloud.vms.get(vm.id).publicIp).toBeUndefined();
    clock.advance(world.timing.vmStopMs);
    expect(state()).toBe("stopped");
    expectWorldError(() => cloud.vms.stop(vm.id), "IncorrectState", /stopped/);
    expectWorldError(() => cloud.vms.reboot(vm.id), "IncorrectState");

    expect(cloud.vms.start(vm.id).currentState).toBe("starting");
    expect(cloud.vms.get(vm.id).publicIp).toBeDefined();
    expectWorldError(() => cloud.vms.start(vm.id), "IncorrectState");
    clock.advance(world.timing.vmStartMs);
    expect(state()).toBe("running");

    expect(cloud.vms.reboot(vm.id).currentState).toBe("rebooting");
    clock.advance(world.timing.vmRebootMs);
    expect(state()).toBe("running");

    expect(cloud.vms.terminate(vm.id)).toEqual({ id: vm.id, previousState: "running", currentState: "shutting-down" });
    expect(cloud.vms.terminate(vm.id).currentState).toBe("shutting-down");
    clock.advance(world.timing.vmTerminateMs);
    expect(state()).toBe("terminated");
    expectWorldError(() => cloud.vms.start(vm.id), "IncorrectState");
    clock.advance(world.timing.terminatedRetentionMs);
    expectWorldError(() => cloud.vms.get(vm.id), "NotFound");
    expect(cloud.vms.list().items).toEqual([]);
  });

  it("cannot stop a pending VM and may terminate it", () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    const vm = runVm(cloud, network(cloud));
    expectWorldError(() => cloud.vms.stop(vm.id), "IncorrectState", /pending/);
    expect(cloud.vms.terminate(vm.id).previousState).toBe("pending");
  });

  it("jitters durations deterministically from the seed", () => {
    const boot = (seed: number) => {
      const { world, clock } = testWorld({ seed, timing: { jitterRatio: 0.5 } });
      const cloud = mockCloud(world);
      const vm = runVm(cloud, network(cloud));
      let waited = 0;
      while (cloud.vms.get(vm.id).state === "pending") {
        clock.advance(100);
        waited += 100;
      }
      return waited;
    };
    expect(boot(3)).toBe(boot(3));
    expect(boot(3)).toBeGreaterThanOrEqual(20_000);
    expect(boot(3)).toBeLessThanOrEqual(60_100);
  });

  it("requires the image, spec, subnet, security groups and key it names", () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const base = {
      name: "vm",
      imageId: "mock-ubuntu-2404-amd64",
      specName: "mock-small",
      subnetId: net.subnetId,
      securityGroupIds: [net.sg.id],
    };
    expectWorldError(() => cloud.vms.run({ ...base, imageId: "nope" }), "NotFound", /image/);
    expectWorldError(() => cloud.vms.run({ ...base, specName: "huge" }), "InvalidParameter", /specName/);
    expectWorldError(() => cloud.vms.run({ ...base, specName: "mock-gpu-a100x8" }), "InvalidParameter", /not offered/);
    expectWorldError(() => cloud.vms.run({ ...base, subnetId: "mock-subnet-x" }), "NotFound", /subnet/);
    expectWorldError(() => cloud.vms.run({ ...base, securityGroupIds: ["mock-sg-x"] }), "NotFound");
    expectWorldError(() => cloud.vms.run({ ...base, keyPairId: "mock-key-x" }), "NotFound", /key-pair/);
    expectWorldError(() => cloud.vms.run({ ...base, imageId: "mock-ubuntu-2404-arm64" }), "InvalidParameter", /arm64/);
    expectWorldError(() => cloud.vms.run({ ...base, zone: "mock-seoul-b" }), "InvalidParameter", /zone/);
    expectWorldError(() => cloud.vms.run({ ...base, rootDisk: { sizeGB: 5 } }), "InvalidParameter", /rootDisk/);
    const other = cloud.vpcs.create({ name: "other", cidr: "10.1.0.0/16" });
    const foreignSg = cloud.securityGroups.create({ name: "foreign", vpcId: other.id });
    expectWorldError(
      () => cloud.vms.run({ ...base, securityGroupIds: [foreignSg.id] }),
      "InvalidParameter",
      /not in VPC/,
    );
    expect(cloud.vms.run({ ...base, imageId: "mock-ubuntu-2404-arm64", specName: "mock-arm-small" }).architecture).toBe(
      "arm64",
    );
    expect(cloud.vms.run({ ...base, name: "win", imageId: "mock-windows-2022" })).toMatchObject({
      platform: "windows",
      loginUser: "Administrator",
    });
  });

  it("enforces vCPU and VM quotas on live VMs only", () => {
    const { world, clock } = testWorld({ quotas: { MOCK: { vcpus: 4 } } });
    const cloud = mockCloud(world);
    const net = network(cloud);
    const a = runVm(cloud, net, "a");
    runVm(cloud, net, "b");
    expectWorldError(() => runVm(cloud, net, "c"), "QuotaExceeded", /vcpus/);
    cloud.vms.terminate(a.id);
    clock.advance(world.timing.vmTerminateMs);
    expect(runVm(cloud, net, "c").state).toBe("pending");
    expect(cloud.quotaUsage().find((q) => q.name === "vcpus")).toMatchObject({ used: 4, limit: 4 });
  });

  it("runs out of capacity per zone and spec, across accounts, and on start after a stop", () => {
    const { world, clock } = testWorld();
    const alice = mockCloud(world, "alice");
    const bob = mockCloud(world, "bob");
    const handle = world.capacity.limit({
      provider: "MOCK",
      region: "mock-seoul",
      zone: "mock-seoul-a",
      specName: "mock-small",
      maxVms: 1,
    });
    const vm = runVm(alice, network(alice));
    const bobNet = network(bob);
    expectWorldError(() => runVm(bob, bobNet), "InsufficientCapacity");
    expect(runVm(bob, bobNet, "medium", "mock-medium").state).toBe("pending");
    clock.advance(world.timing.vmBootMs);
    alice.vms.stop(vm.id);
    clock.advance(world.timing.vmStopMs);
    const bobs = runVm(bob, bobNet, "now-fits");
    expectWorldError(() => alice.vms.start(vm.id), "InsufficientCapacity");
    bob.vms.terminate(bobs.id);
    expect(alice.vms.start(vm.id).currentState).toBe("starting");
    handle.remove();
    expect(runVm(bob, bobNet, "free").state).toBe("pending");
  });

  it("returns the first VM when a run is repeated with the same client token", () => {
    const { world } = testWorld();
    const cloud = mockCloud(world);
    const net = network(cloud);
    const input = {
      name: "vm",
      imageId: "mock-ubuntu-2404-amd64",
      specName: "mock-small",
      subnetId: net.subnetId,
      clientToken: "tok-1",
    };
    const first = cloud.vms.run(input);
    expect(cloud.vms.run(input).id).toBe(first.id);
    expect(cloud.vms.list().items).toHaveLength(1);
    expectWorldError(() => cloud.vms.run({ ...input, specName: "mock-medium" }), "InvalidParameter", /clientToken/);
  });
});

import { describe, expect, it } from "vitest";
import { VirtualClock } from "@cloud-barista/core";
import { World } from "../src/index.js";

// The README's first example, kept honest.
describe("README example", () => {
  it("creates a VPC and a VM that boots on the virtual clock", async () => {
    const clock = new VirtualClock();
    const world = new World({ clock, seed: 42, timing: { jitterRatio: 0 } });

    const target = { provider: "AWS", account: "111122223333", region: "ap-northeast-2" };
    const vpc = await world.call({ ...target, api: "CreateVpc" }, (cloud) =>
      cloud.vpcs.create({ name: "demo", cidr: "10.0.0.0/16", subnets: [{ name: "a", cidr: "10.0.1.0/24" }] }),
    );
    const vm = await world.call({ ...target, api: "RunInstances" }, (cloud) =>
      cloud.vms.run({
        name: "web",
        imageId: cloud.catalog.listImages().items[0]!.id,
        specName: "t3.micro",
        subnetId: vpc.subnets[0]!.id,
      }),
    );
    expect(vm.state).toBe("pending");
    expect(vm.id).toMatch(/^i-0[0-9a-f]{16}$/);
    expect(vm.privateDns).toBe("ip-10-0-1-4.ap-northeast-2.compute.internal");
    await clock.sleep(world.timing.vmBootMs);
    expect(world.accountRegion(target).vms.get(vm.id).state).toBe("running");
  });
});

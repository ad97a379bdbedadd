import type { Instance } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { securityGroupsOf, toVmInfo } from "./vm-map.js";

// Instances as EC2 describes them in accounts the SDK did not build (shapes of DescribeInstances).

const launchedWithInterface: Instance = {
  InstanceId: "i-0a1b2c3d4e5f60718",
  State: { Code: 16, Name: "running" },
  InstanceType: "t3.micro",
  // Launched with a network interface: EC2 lists the groups on the interface.
  SecurityGroups: [],
  NetworkInterfaces: [
    { NetworkInterfaceId: "eni-1", Groups: [{ GroupId: "sg-web", GroupName: "web" }] },
    { NetworkInterfaceId: "eni-2", Groups: [{ GroupId: "sg-web", GroupName: "web" }, { GroupId: "sg-ops" }] },
  ],
  Tags: [{ Key: "team", Value: "ops" }],
};

describe("instances the SDK did not launch", () => {
  it("read their security groups from the network interfaces too, each once", () => {
    expect(securityGroupsOf(launchedWithInterface)).toEqual([
      { nameId: "web", systemId: "sg-web" },
      { nameId: "sg-ops", systemId: "sg-ops" },
    ]);
    expect(
      securityGroupsOf({ ...launchedWithInterface, SecurityGroups: [{ GroupId: "sg-own", GroupName: "own" }] }),
    ).toContainEqual({ nameId: "own", systemId: "sg-own" });
  });

  it("take their id as name without a Name tag, and report no login user nobody told", () => {
    const vm = toVmInfo(launchedWithInterface, {}, "ap-northeast-2");
    expect(vm.iid).toEqual({ nameId: "i-0a1b2c3d4e5f60718", systemId: "i-0a1b2c3d4e5f60718" });
    expect(vm.vmUserId).toBeUndefined();
    expect(vm.tags).toEqual({ team: "ops" });
    const windows = toVmInfo({ ...launchedWithInterface, PlatformDetails: "Windows" }, {}, "ap-northeast-2");
    expect(windows.vmUserId).toBe("Administrator");
  });

  it("show a state the driver does not know as Unknown, keeping the raw state", () => {
    const vm = toVmInfo({ ...launchedWithInterface, State: { Name: "hibernating" as never } }, {}, "ap-northeast-2");
    expect(vm.status).toBe("Unknown");
    expect(vm.extra?.["nativeState"]).toBe("hibernating");
  });
});

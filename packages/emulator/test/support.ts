import { VirtualClock } from "@cloud-barista/core";
import { expect } from "vitest";
import { World, isWorldError } from "../src/index.js";
import type { AccountRegion, SecurityGroup, Vm, Vpc, WorldError, WorldErrorCode, WorldOptions } from "../src/index.js";

/** A world on a virtual clock with exact timings and no rate limits, unless overridden. */
export function testWorld(options: WorldOptions = {}): { world: World; clock: VirtualClock } {
  const clock = new VirtualClock();
  const world = new World({
    clock,
    seed: 7,
    rateLimits: false,
    ...options,
    timing: { jitterRatio: 0, ...options.timing },
  });
  return { world, clock };
}

export function mockCloud(world: World, account = "alice", region = "mock-seoul"): AccountRegion {
  return world.accountRegion({ provider: "MOCK", account, region });
}

export interface Network {
  vpc: Vpc;
  subnetId: string;
  sg: SecurityGroup;
}

/** A VPC 10.0.0.0/16 with one subnet 10.0.1.0/24 and one security group allowing SSH. */
export function network(cloud: AccountRegion, name = "net"): Network {
  const vpc = cloud.vpcs.create({ name, cidr: "10.0.0.0/16", subnets: [{ name: `${name}-sub`, cidr: "10.0.1.0/24" }] });
  const subnetId = vpc.subnets[0]?.id ?? "";
  const sg = cloud.securityGroups.create({
    name: `${name}-sg`,
    vpcId: vpc.id,
    rules: [{ direction: "ingress", protocol: "tcp", portRange: { from: 22, to: 22 }, cidr: "0.0.0.0/0" }],
  });
  return { vpc, subnetId, sg };
}

export function runVm(cloud: AccountRegion, net: Network, name = "vm-1", specName = "mock-small"): Vm {
  return cloud.vms.run({
    name,
    imageId: "mock-ubuntu-2404-amd64",
    specName,
    subnetId: net.subnetId,
    securityGroupIds: [net.sg.id],
  });
}

/** Runs `fn` (sync or async) and checks it fails with a WorldError of `code`. */
export async function expectWorldErrorAsync(
  fn: () => unknown,
  code: WorldErrorCode,
  message?: RegExp,
): Promise<WorldError> {
  try {
    await fn();
  } catch (error) {
    expect(isWorldError(error, code), String(error)).toBe(true);
    if (message) expect((error as Error).message).toMatch(message);
    return error as WorldError;
  }
  return expect.unreachable(`expected ${code}`);
}

export function expectWorldError(fn: () => unknown, code: WorldErrorCode, message?: RegExp): WorldError {
  try {
    fn();
  } catch (error) {
    expect(isWorldError(error, code), String(error)).toBe(true);
    if (message) expect((error as Error).message).toMatch(message);
    return error as WorldError;
  }
  return expect.unreachable(`expected ${code}`);
}

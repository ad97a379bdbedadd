import { VirtualClock, collect, noopLogger } from "@cloud-barista/core";
import type { CallContext, CloudConnection, DriverVmRequest, HandlerMap, IID } from "@cloud-barista/core/driver";
import { testCallContext } from "@cloud-barista/core/testing";
import type { CallRecord } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import type { WorldOptions } from "@cloud-barista/emulator";
import { createMockDriver } from "../src/index.js";
import { mockApis } from "../src/apis.js";

export interface Fixture {
  world: World;
  clock: VirtualClock;
  conn: HandlerMap & CloudConnection;
  ctx: CallContext;
  calls: CallRecord[];
  /** The APIs called since the last `take()`. */
  take(): string[];
}

export async function fixture(
  options: { mockName?: string; world?: World; clock?: VirtualClock; worldOptions?: WorldOptions } = {},
): Promise<Fixture> {
  const clock = options.clock ?? new VirtualClock();
  const world =
    options.world ?? new World({ clock, rateLimits: false, ...options.worldOptions, timing: { jitterRatio: 0 } });
  const driver = createMockDriver({ world });
  const conn = (await driver.connect({
    connectionName: "mock-1",
    credential: { mockName: options.mockName ?? "tenant-a" },
    region: "mock-seoul",
    zone: "mock-seoul-a",
    clock,
    logger: noopLogger,
  })) as Fixture["conn"];
  const { ctx, calls, take } = testCallContext({ clock, apis: mockApis, provider: "MOCK" });
  return { world, clock, conn, ctx, calls, take };
}

export interface Net {
  vpc: IID;
  subnet: IID;
  sg: IID;
}

export async function network(f: Fixture, name = "net"): Promise<Net> {
  const vpc = await f.conn.vpc.create(
    { name, ipv4Cidr: "10.0.0.0/16", subnets: [{ name: `${name}-sub`, ipv4Cidr: "10.0.1.0/24" }] },
    f.ctx,
  );
  const sg = await f.conn.securityGroup.create(
    {
      name: `${name}-sg`,
      vpcIID: vpc.iid,
      rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
    },
    f.ctx,
  );
  return { vpc: vpc.iid, subnet: vpc.subnets[0]!.iid, sg: sg.iid };
}

export function vmRequest(net: Net, name = "vm-1", extra: Partial<DriverVmRequest> = {}): DriverVmRequest {
  const image = { nameId: "mock-ubuntu-2404-amd64", systemId: "mock-ubuntu-2404-amd64" };
  return {
    name,
    imageType: "PublicImage",
    imageIID: image,
    specName: "mock-small",
    vpcIID: net.vpc,
    subnetIID: net.subnet,
    securityGroupIIDs: [net.sg],
    dataDiskIIDs: [],
    idempotencyToken: `token-${name}`,
    ...extra,
  };
}

export { collect };

import { noopLogger } from "@cloud-barista/core";
import type { CloudDriver } from "@cloud-barista/core";
import { testCallContext } from "@cloud-barista/core/testing";
import type { TestCallContext } from "@cloud-barista/core/testing";
import type { EmulatedConnection } from "./emulated-connection.js";
import { vmBasics, withNetwork } from "./vm-network.js";

/**
 * `driver`'s own connection to the fixture's front with the front's credential, outside the
 * runtime (no validation, locks, retries or history): for checking what the cloud itself answers
 * to input the runtime would refuse first. Close it when done.
 */
export function directConnection(f: EmulatedConnection, driver: CloudDriver): ReturnType<CloudDriver["connect"]> {
  return driver.connect({
    connectionName: f.connectionName,
    credential: f.front.credential,
    region: f.conn.region,
    zone: f.conn.zone,
    // As the runtime's connection: the front's override where it has one (OpenStack's is in the credential).
    ...(f.front.connectionEndpoint === undefined ? {} : { endpoint: f.front.connectionEndpoint }),
    clock: f.clock,
    logger: noopLogger,
  });
}

// The SPI's types through the application API's `CloudDriver` (this entry does not import the SPI).
type ClusterHandler = NonNullable<Awaited<ReturnType<CloudDriver["connect"]>>["cluster"]>;
type DriverClusterRequest = Parameters<ClusterHandler["create"]>[0];

/** A driver's cluster handler reached directly, a context recording its calls, and a request. */
export interface DirectCluster {
  handler: ClusterHandler;
  ctx: TestCallContext;
  /** A cluster on `withNetwork`'s network: every subnet, "sg", one node group "workers" of 2 nodes. */
  request: DriverClusterRequest;
}

/**
 * `withNetwork` on `zones`, then `driver`'s cluster handler over a `directConnection` (closed
 * when the fixture closes): for what the driver refuses before calling the cloud, and what the
 * cloud itself refuses.
 */
export async function directCluster(
  f: EmulatedConnection,
  driver: CloudDriver,
  options: { zones: readonly string[]; version: string; specName?: string },
): Promise<DirectCluster> {
  await withNetwork(f, options.zones);
  const [vpc, sg, key] = [
    await f.conn.vpc.get("net"),
    await f.conn.securityGroup.get("sg"),
    await f.conn.keyPair.get("key"),
  ];
  const specName = options.specName ?? (await vmBasics(f)).spec;
  const connection = await directConnection(f, driver);
  f.defer(() => connection.close());
  const handler = connection.cluster;
  if (!handler) throw new Error(`the driver has no cluster handler in ${f.conn.region}`);
  const request: DriverClusterRequest = {
    name: "direct",
    version: options.version,
    vpcIID: vpc.iid,
    subnetIIDs: vpc.subnets.map((s) => s.iid),
    securityGroupIIDs: [sg.iid],
    nodeGroups: [
      {
        name: "workers",
        specName,
        keyPairIID: key.iid,
        onAutoScaling: false,
        desiredNodeSize: 2,
        minNodeSize: 1,
        maxNodeSize: 3,
      },
    ],
    idempotencyToken: "direct-1",
  };
  return { handler, ctx: testCallContext({ clock: f.clock, apis: driver.apis, provider: f.front.provider }), request };
}

import { randomUUID } from "node:crypto";
import RPCClient from "@alicloud/pop-core";
import type { Connection } from "@cloud-barista/core";
import { alibabaVendorClients, createAlibabaDriver } from "@cloud-barista/driver-alibaba";
import { withDriverBench } from "./overhead/connection.js";
import type { FrontInfo } from "./overhead/connection.js";
import type { IsId, Send } from "./overhead/replay.js";
import { StepLog, cachedCases, caseMaker, commonCases, drain, runCases } from "./overhead/suite.js";
import type { Recorder } from "./overhead/suite.js";

// Every operation of driver-alibaba through the runtime against the same RPC calls made with the
// bare `@alicloud/pop-core` RPCClient (one client per product, same endpoint and AccessKey), over
// HTTP to the emulator's Alibaba front in another process. The raw side replays exactly the calls
// the runtime made (recorded once per operation on the driver's own pop-core clients), so both
// sides pay the same round trips and signatures; what differs is the runtime and the driver.

const bench = "alibaba-overhead";

const products = ["ecs", "vpc", "slb"] as const;
type Product = (typeof products)[number];

/** The RPC version of each product, as a raw pop-core user names it. */
const versions: Readonly<Record<Product, string>> = { ecs: "2014-05-26", vpc: "2016-04-28", slb: "2014-05-15" };

/** A raw call as the replay sends it. */
interface RawCall {
  product: Product;
  action: string;
  params: Record<string, unknown>;
}

type RequestFn = (action: string, params: object, options?: object) => Promise<unknown>;

/** Wraps `request` of each of the connection's pop-core clients to record each call and answer while on. */
async function recorderOf(conn: Connection): Promise<Recorder> {
  const clients = await alibabaVendorClients(conn);
  const log = new StepLog();
  for (const product of products) {
    const client = clients[product] as unknown as { request: RequestFn };
    const send = client.request.bind(client);
    client.request = (action, params, options) =>
      log.track(
        `${product}:${action}`,
        () => ({ product, action, params: structuredClone(params) }),
        () => send(action, params, options),
        (answer) => structuredClone(answer),
      );
  }
  return log;
}

/** Alibaba's ids: a prefix, a dash and at least 20 lower-case letters and digits ("vpc-mj7x..."). */
const isId: IsId = (value) => /^[a-z]+-[a-z0-9]{20,}$/.test(value);

/**
 * Raw: pop-core's RPCClient per product, form-encoded POSTs as the driver sends. A create's
 * ClientToken is fresh per call, as a raw user makes one: the recorded token would make Alibaba
 * answer with the recorded resource instead of making one.
 */
function sender(front: FrontInfo): Send {
  const raw = Object.fromEntries(
    products.map((p) => [
      p,
      new RPCClient({
        endpoint: front.endpoint.replace(/\/+$/, ""),
        apiVersion: versions[p],
        accessKeyId: front.credential["accessKeyId"] ?? "",
        accessKeySecret: front.credential["accessKeySecret"] ?? "",
      }),
    ]),
  ) as Record<Product, RPCClient>;
  return (_api, input) => {
    const call = input as RawCall;
    const params = "ClientToken" in call.params ? { ...call.params, ClientToken: randomUUID() } : call.params;
    return raw[call.product].request(call.action, params, { method: "POST", formatParams: false });
  };
}

export async function alibabaOverheadBench(): Promise<void> {
  // Alibaba's cloud disks are 20 GB at the least.
  const options = {
    provider: "ALIBABA",
    driver: () => createAlibabaDriver(),
    specName: "ecs.t6-c1m1.large",
    diskSizeGB: 20,
  } as const;
  await withDriverBench(options, async ({ emulator, front, conn, basis }) => {
    const send = sender(front);
    const make = caseMaker(await recorderOf(conn), send, isId);
    const ecs = (action: string, params: Record<string, unknown>) =>
      send(action, { product: "ecs", action, params: { RegionId: front.region, ...params } } satisfies RawCall);
    await runCases(bench, emulator, [
      await make.read("regionZone.list.refresh", () => drain(conn.metadata.regionZones({ refresh: true }))),
      await make.read("price.list.refresh", () => drain(conn.metadata.prices({ refresh: true }))),
      await make.read("quota.list", () => drain(conn.metadata.quotas())),
      ...(await commonCases(conn, make, basis, 20)),
      ...cachedCases(conn, basis, {
        image: [
          "DescribeImages",
          () =>
            ecs("DescribeImages", {
              ImageId: basis.image,
              Status: "Creating,Waiting,Available,UnAvailable,CreateFailed,Deprecated",
            }),
        ],
        spec: ["DescribeInstanceTypes", () => ecs("DescribeInstanceTypes", { "InstanceTypes.1": basis.specName })],
      }),
    ]);
  });
}

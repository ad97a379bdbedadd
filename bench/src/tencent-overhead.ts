import { randomUUID } from "node:crypto";
import { Agent } from "node:http";
import { connect } from "node:net";
import type { Connection } from "@cloud-barista/core";
import { createTencentDriver, tencentVendorClients } from "@cloud-barista/driver-tencent";
import { Client as CbsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client.js";
import { Client as ClbClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/clb/v20180317/clb_client.js";
import { Client as CvmClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_client.js";
import { Client as RegionClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/region/v20220627/region_client.js";
import { Client as TagClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client.js";
import { Client as VpcClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_client.js";
import type { AbstractClient } from "tencentcloud-sdk-nodejs/tencentcloud/common/abstract_client.js";
import type { ClientConfig } from "tencentcloud-sdk-nodejs/tencentcloud/common/interface.js";
import { withDriverBench } from "./overhead/connection.js";
import type { FrontInfo } from "./overhead/connection.js";
import type { IsId, Send } from "./overhead/replay.js";
import { StepLog, cachedCases, caseMaker, commonCases, drain, runCases } from "./overhead/suite.js";
import type { Recorder } from "./overhead/suite.js";

// Every operation of driver-tencent through the runtime against the same API 3.0 calls made with
// bare tencentcloud-sdk-nodejs clients (one per service, same SecretId and SecretKey, TC3-signed
// for the real `<service>.tencentcloudapi.com` host), over HTTP to the emulator's Tencent front in
// another process. The raw side replays exactly the calls the runtime made (recorded once per
// operation on the driver's own SDK clients), so both sides pay the same round trips and
// signatures; what differs is the runtime and the driver.

const bench = "tencent-overhead";

const services = ["cvm", "vpc", "cbs", "clb", "region", "tag"] as const;
type Service = (typeof services)[number];

const constructors: Readonly<Record<Service, new (config: ClientConfig) => RawClient>> = {
  cvm: CvmClient,
  vpc: VpcClient,
  cbs: CbsClient,
  clb: ClbClient,
  region: RegionClient,
  tag: TagClient,
};

/** A raw call as the replay sends it: the service, the region its client names (none for the region service). */
interface RawCall {
  service: Service;
  region: string | undefined;
  action: string;
  params: Record<string, unknown>;
}

/** What of an SDK client the bench uses: `request(action, params)`, which every typed method calls. */
type RawClient = Pick<AbstractClient, "request" | "region">;

/**
 * Wraps `request` of each service's SDK client class to record each call and answer while on. The
 * class, not the connection's instance: the driver makes a client per service and region (its
 * regions and zones listing calls the region service once per region, on other instances). Raw
 * clients are of the same classes and pass through the wrapper too (a check of a flag, never
 * recording): both sides pay it.
 */
async function recorderOf(conn: Connection): Promise<Recorder> {
  const clients = await tencentVendorClients(conn);
  const log = new StepLog();
  for (const service of services) {
    const proto = Object.getPrototypeOf(clients[service]) as RawClient;
    const send = proto.request;
    proto.request = function (this: RawClient, action, req, options, cb) {
      return log.track(
        `${service}:${action}`,
        () => ({ service, region: this.region, action, params: structuredClone(req as Record<string, unknown>) }),
        () => send.call(this, action, req, options, cb),
        (answer) => structuredClone(answer),
      );
    };
  }
  return log;
}

/** Tencent's ids: a prefix, a dash and 8 lower-case letters and digits ("ins-ab12cd34", "skey-…"). */
const isId: IsId = (value) => /^[a-z]+-[a-z0-9]{8}$/.test(value);

/**
 * A raw user's way to the front: TC3 signs the host, so the URL keeps `<service>.tencentcloudapi.com`
 * and a keep-alive agent dials the front's port instead (the front's README).
 */
function frontAgent(origin: string): Agent {
  const { hostname, port } = new URL(origin);
  const agent = new Agent({ keepAlive: true });
  agent.createConnection = () => connect({ host: hostname, port: Number(port) });
  return agent;
}

/**
 * Raw: one tencentcloud-sdk-nodejs client per service, JSON POSTs as the driver sends. A create's
 * ClientToken is fresh per call, as a raw user makes one: the recorded token would make Tencent
 * answer with the recorded resource instead of making one.
 */
function sender(front: FrontInfo): { send: Send; close: () => void } {
  const origin = typeof front.connectionEndpoint === "string" ? front.connectionEndpoint : front.endpoint;
  const agent = frontAgent(origin);
  const credential = { secretId: front.credential["secretId"] ?? "", secretKey: front.credential["secretKey"] ?? "" };
  const made = new Map<string, RawClient>();
  const client = (service: Service, region: string | undefined): RawClient => {
    const key = `${service}|${region ?? ""}`;
    let raw = made.get(key);
    if (!raw) {
      raw = new constructors[service]({
        credential,
        ...(region ? { region } : {}),
        profile: {
          httpProfile: { endpoint: `${service}.tencentcloudapi.com`, protocol: "http://", reqMethod: "POST", agent },
        },
      });
      made.set(key, raw);
    }
    return raw;
  };
  return {
    send: (_api, input) => {
      const call = input as RawCall;
      const params = "ClientToken" in call.params ? { ...call.params, ClientToken: randomUUID() } : call.params;
      return client(call.service, call.region).request(call.action, params);
    },
    close: () => agent.destroy(),
  };
}

export async function tencentOverheadBench(): Promise<void> {
  // CBS disks are 20 GB at the least (10 for Premium Cloud Disk).
  const options = {
    provider: "TENCENT",
    driver: () => createTencentDriver(),
    specName: "S5.SMALL2",
    diskSizeGB: 20,
  } as const;
  await withDriverBench(options, async ({ emulator, front, conn, basis }) => {
    const { send, close } = sender(front);
    try {
      const make = caseMaker(await recorderOf(conn), send, isId);
      const cvm = (action: string, params: Record<string, unknown>) =>
        send(action, { service: "cvm", region: front.region, action, params } satisfies RawCall);
      await runCases(bench, emulator, [
        await make.read("regionZone.list.refresh", () => drain(conn.metadata.regionZones({ refresh: true }))),
        await make.read("price.list.refresh", () => drain(conn.metadata.prices({ refresh: true }))),
        await make.read("quota.list", () => drain(conn.metadata.quotas())),
        ...(await commonCases(conn, make, basis, 20)),
        ...cachedCases(conn, basis, {
          image: ["DescribeImages", () => cvm("DescribeImages", { ImageIds: [basis.image] })],
          spec: [
            "DescribeZoneInstanceConfigInfos",
            () =>
              cvm("DescribeZoneInstanceConfigInfos", {
                Filters: [
                  { Name: "instance-charge-type", Values: ["POSTPAID_BY_HOUR"] },
                  ...(front.zone ? [{ Name: "zone", Values: [front.zone] }] : []),
                  { Name: "instance-type", Values: [basis.specName] },
                ],
              }),
          ],
        }),
      ]);
    } finally {
      close();
    }
  });
}

import { createHash, createHmac } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { connect } from "node:net";
import { VirtualClock } from "@cloud-barista/core";
import { Client as CbsClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cbs/v20170312/cbs_client.js";
import { Client as ClbClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/clb/v20180317/clb_client.js";
import { Client as CvmClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_client.js";
import { Client as RegionClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/region/v20220627/region_client.js";
import { Client as TagClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/tag/v20180813/tag_client.js";
import { Client as VpcClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/vpc/v20170312/vpc_client.js";
import { World } from "../../src/index.js";
import type { WorldOptions } from "../../src/index.js";
import { startTencentFront } from "../../src/fronts/tencent/index.js";
import type { TencentFrontOptions } from "../../src/fronts/tencent/index.js";

export const account = "100012345678";
export const secretId = "AKIDfronttest0000000000000000000001";
export const secretKey = "front-test-secret-key-000000000001";
export const region = "ap-guangzhou";
export const zone = "ap-guangzhou-3";

export const versions = {
  cvm: "2017-03-12",
  vpc: "2017-03-12",
  cbs: "2017-03-12",
  clb: "2018-03-17",
  region: "2022-06-27",
  tag: "2018-08-13",
} as const;
export type ServiceName = keyof typeof versions;

/** A response body, read loosely as tests do. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep response shapes
export type Body = Record<string, any>;

/** An http.Agent that dials the front for every host, so requests keep the real host names. */
function loopbackAgent(port: number): Agent {
  const agent = new Agent({ keepAlive: true });
  agent.createConnection = () => connect(port, "127.0.0.1");
  return agent;
}

const hashHex = (text: string) => createHash("sha256").update(text).digest("hex");
const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();

export interface RawOptions {
  region?: string | undefined;
  secretId?: string;
  secretKey?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  version?: string;
  token?: string;
  /** Changes the body after signing. */
  tamper?: (body: string) => string;
}

/** A world with one TENCENT key and the front on loopback; SDK clients and raw signed calls. */
export async function frontFixture(options: { world?: WorldOptions; front?: Omit<TencentFrontOptions, "world"> } = {}) {
  const clock = new VirtualClock();
  const world = new World({
    clock,
    seed: 7,
    rateLimits: false,
    ...options.world,
    timing: { jitterRatio: 0, ...options.world?.timing },
  });
  world.identities.add({ provider: "TENCENT", key: secretId, secret: secretKey, account });
  const front = await startTencentFront({ world, ...options.front });
  const agent = loopbackAgent(front.port);
  const config = (service: string, reqMethod: "POST" | "GET" = "POST") => ({
    credential: { secretId, secretKey },
    region,
    profile: { httpProfile: { protocol: "http://", endpoint: `${service}.tencentcloudapi.com`, agent, reqMethod } },
  });
  const sdk = {
    cvm: new CvmClient(config("cvm")),
    vpc: new VpcClient(config("vpc")),
    cbs: new CbsClient(config("cbs")),
    clb: new ClbClient(config("clb")),
    region: new RegionClient(config("region")),
    tag: new TagClient(config("tag")),
  };
  /** Clients sending GET requests with the parameters in the query string. */
  const sdkGet = { cvm: new CvmClient(config("cvm", "GET")) };

  /**
   * A call signed with TC3-HMAC-SHA256, written from Tencent's documentation of it: POST, JSON
   * body, content-type and host signed.
   */
  async function call(service: ServiceName, action: string, params: Body = {}, o: RawOptions = {}): Promise<Body> {
    const host = `${service}.tencentcloudapi.com`;
    const body = JSON.stringify(params);
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const contentType = "application/json; charset=utf-8";
    const canonical = [
      "POST",
      "/",
      "",
      `content-type:${contentType}\nhost:${host}\n`,
      "content-type;host",
      hashHex(body),
    ].join("\n");
    const scope = `${date}/${service}/tc3_request`;
    const toSign = ["TC3-HMAC-SHA256", String(timestamp), scope, hashHex(canonical)].join("\n");
    const key = hmac(hmac(hmac(`TC3${o.secretKey ?? secretKey}`, date), service), "tc3_request");
    const signature = createHmac("sha256", key).update(toSign).digest("hex");
    const headers: Record<string, string> = {
      host,
      "content-type": contentType,
      "x-tc-action": action,
      "x-tc-version": o.version ?? versions[service],
      "x-tc-timestamp": String(timestamp),
      authorization: `TC3-HMAC-SHA256 Credential=${o.secretId ?? secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
    };
    const forRegion = "region" in o ? o.region : service === "region" ? undefined : region;
    if (forRegion !== undefined) headers["x-tc-region"] = forRegion;
    if (o.token !== undefined) headers["x-tc-token"] = o.token;
    const sent = o.tamper ? o.tamper(body) : body;
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: front.port, method: "POST", path: "/", headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode, ...(JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body) });
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
      req.on("error", reject);
      req.end(sent);
    });
  }

  /** Calls and expects success; returns `Response`. */
  async function ok(service: ServiceName, action: string, params: Body = {}, o: RawOptions = {}): Promise<Body> {
    const answer = await call(service, action, params, o);
    const response = answer["Response"] as Body;
    if (response["Error"]) throw new Error(`${action}: ${JSON.stringify(response["Error"])}`);
    return response;
  }

  /** The error code of a raw call. */
  async function errorCode(service: ServiceName, action: string, params: Body = {}, o: RawOptions = {}) {
    const answer = await call(service, action, params, o);
    const error = (answer["Response"] as Body)["Error"] as { Code?: string } | undefined;
    return error?.Code;
  }

  const cloud = () => world.accountRegion({ provider: "TENCENT", account, region });
  return {
    world,
    clock,
    front,
    sdk,
    sdkGet,
    call,
    ok,
    errorCode,
    cloud,
    close: async () => {
      agent.destroy();
      await front.close();
    },
  };
}

export type Fixture = Awaited<ReturnType<typeof frontFixture>>;

/** The code of a rejected SDK call. */
export async function sdkErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { code?: unknown }).code);
  }
  throw new Error("the call succeeded");
}

import { createHash, createHmac, randomUUID } from "node:crypto";
import { VirtualClock } from "@cloud-barista/core";
import { World } from "../../src/index.js";
import type { WorldOptions } from "../../src/index.js";
import { startAlibabaFront } from "../../src/fronts/alibaba/index.js";
import type { AlibabaFrontOptions } from "../../src/fronts/alibaba/index.js";

export const account = "1234567890123456";
export const accessKeyId = "LTAIfronttest000000001";
export const secret = "front-test-secret-key";
export const region = "cn-hangzhou";

export const versions = { ecs: "2014-05-26", vpc: "2016-04-28", slb: "2014-05-15" } as const;

/** An independent signer, written from Alibaba's documentation of signature version 1.0. */
function rfc3986(text: string): string {
  return encodeURIComponent(text)
    .replace(/!/g, "%21")
    .replace(/'/g, "%27")
    .replace(/\(/g, "%28")
    .replace(/\)/g, "%29")
    .replace(/\*/g, "%2A");
}

export function sign(method: string, params: Record<string, string>, keySecret: string): string {
  const query = Object.keys(params)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(params[k] ?? "")}`)
    .join("&");
  const text = `${method}&${rfc3986("/")}&${rfc3986(query)}`;
  return createHmac("sha1", `${keySecret}&`).update(text).digest("base64");
}

export interface CallOptions {
  product?: keyof typeof versions;
  method?: "GET" | "POST";
  key?: string;
  secret?: string;
  timestamp?: string;
  nonce?: string;
  /** Changes the parameters after signing. */
  tamper?: (params: Record<string, string>) => void;
  /** Leaves these common parameters out. */
  omit?: string[];
}

/** A response body, read loosely as tests do. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep response shapes
export type Body = Record<string, any>;

export interface Answer {
  status: number;
  body: Body;
}

/** A world with one ALIBABA AccessKey and the front on loopback; raw signed calls. */
export async function frontFixture(options: { world?: WorldOptions; front?: Omit<AlibabaFrontOptions, "world"> } = {}) {
  const clock = new VirtualClock();
  const world = new World({
    clock,
    seed: 5,
    rateLimits: false,
    ...options.world,
    timing: { jitterRatio: 0, ...options.world?.timing },
  });
  world.identities.add({ provider: "ALIBABA", key: accessKeyId, secret, account });
  const front = await startAlibabaFront({ world, ...options.front });

  async function call(
    action: string,
    params: Record<string, string | number> = {},
    o: CallOptions = {},
  ): Promise<Answer> {
    const method = o.method ?? "GET";
    const all: Record<string, string> = {
      Action: action,
      Version: versions[o.product ?? "ecs"],
      Format: "JSON",
      AccessKeyId: o.key ?? accessKeyId,
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      SignatureNonce: o.nonce ?? randomUUID(),
      Timestamp: o.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      ...(action === "DescribeRegions" ? {} : { RegionId: region }),
    };
    for (const [k, v] of Object.entries(params)) all[k] = String(v);
    for (const k of o.omit ?? []) delete all[k];
    all["Signature"] = sign(method, all, o.secret ?? secret);
    o.tamper?.(all);
    const query = Object.entries(all)
      .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
      .join("&");
    const response =
      method === "GET"
        ? await fetch(`${front.url}/?${query}`)
        : await fetch(`${front.url}/`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: query,
          });
    return { status: response.status, body: (await response.json()) as Body };
  }

  /** Calls and expects success; returns the body. */
  async function ok(action: string, params: Record<string, string | number> = {}, o: CallOptions = {}) {
    const answer = await call(action, params, o);
    if (answer.status !== 200) throw new Error(`${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** A call signed with ACS3-HMAC-SHA256 (V3), written from Alibaba's documentation of it. */
  async function callV3(
    action: string,
    params: Record<string, string | number> = {},
    o: CallOptions & { tamperHeaders?: (h: Record<string, string>) => void } = {},
  ): Promise<Answer> {
    const method = o.method ?? "GET";
    const all: Record<string, string> = { RegionId: region };
    for (const [k, v] of Object.entries(params)) all[k] = String(v);
    const encoded = Object.keys(all)
      .sort()
      .map((k) => `${rfc3986(k)}=${rfc3986(all[k] ?? "")}`)
      .join("&");
    const query = method === "GET" ? encoded : "";
    const body = method === "POST" ? encoded : "";
    const hashHex = (text: string) => createHash("sha256").update(text).digest("hex");
    const headers: Record<string, string> = {
      host: new URL(front.url).host,
      "x-acs-action": action,
      "x-acs-version": versions[o.product ?? "ecs"],
      "x-acs-date": o.timestamp ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      "x-acs-signature-nonce": o.nonce ?? randomUUID(),
      "x-acs-content-sha256": hashHex(body),
    };
    const names = Object.keys(headers).sort();
    const canonical = [
      method,
      "/",
      query,
      names.map((n) => `${n}:${headers[n] ?? ""}\n`).join(""),
      names.join(";"),
      hashHex(body),
    ].join("\n");
    const signature = createHmac("sha256", o.secret ?? secret)
      .update(`ACS3-HMAC-SHA256\n${hashHex(canonical)}`)
      .digest("hex");
    headers["authorization"] =
      `ACS3-HMAC-SHA256 Credential=${o.key ?? accessKeyId},SignedHeaders=${names.join(";")},Signature=${signature}`;
    o.tamperHeaders?.(headers);
    const { host: _host, ...sent } = headers;
    const response = await fetch(`${front.url}/${query ? `?${query}` : ""}`, {
      method,
      headers: method === "POST" ? { ...sent, "content-type": "application/x-www-form-urlencoded" } : sent,
      ...(method === "POST" ? { body } : {}),
    });
    return { status: response.status, body: (await response.json()) as Body };
  }

  const cloud = () => world.accountRegion({ provider: "ALIBABA", account, region });
  return { world, clock, front, call, callV3, ok, cloud, close: () => front.close() };
}

export type Fixture = Awaited<ReturnType<typeof frontFixture>>;

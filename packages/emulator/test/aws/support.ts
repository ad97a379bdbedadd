import { createHmac } from "node:crypto";
import { VirtualClock } from "@cloud-barista/core";
import { World } from "../../src/index.js";
import type { WorldOptions } from "../../src/index.js";
import { startAwsFront } from "../../src/fronts/aws/index.js";
import type { AwsFrontOptions, RunningFront } from "../../src/fronts/aws/index.js";
import { canonicalRequest, sha256Hex, signingKey, stringToSign } from "../../src/fronts/aws/sigv4.js";

export const account = "123456789012";
export const accessKeyId = "AKIAFRONTTEST0000001";
export const secret = "front/test/secret/key";
export const region = "ap-northeast-2";

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export interface SignOptions {
  key?: string;
  secret?: string;
  region?: string;
  service?: string;
  /** Signing time; default now. */
  date?: Date;
  /** Change the body after signing. */
  tamper?: (body: string) => string;
  unsigned?: boolean;
  headers?: Record<string, string>;
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

/** A world with one AWS identity and the AWS front on loopback; raw, SigV4-signed HTTP calls. */
export async function frontFixture(options: { world?: WorldOptions; front?: Omit<AwsFrontOptions, "world"> } = {}) {
  const clock = new VirtualClock();
  const world = new World({
    clock,
    seed: 3,
    rateLimits: false,
    ...options.world,
    timing: { jitterRatio: 0, ...options.world?.timing },
  });
  world.identities.add({ provider: "AWS", key: accessKeyId, secret, account });
  const front: RunningFront = await startAwsFront({ world, ...options.front });
  const host = new URL(front.url).host;

  /** POSTs a body the way the AWS SDK does: signed with SigV4 over host, x-amz-date and the payload hash. */
  async function post(body: string, contentType: string, sign: SignOptions): Promise<Answer> {
    const date = sign.date ?? new Date();
    const headers: Record<string, string> = {
      host,
      "content-type": contentType,
      "x-amz-date": amzDate(date),
      "x-amz-content-sha256": sha256Hex(body),
      ...sign.headers,
    };
    if (!sign.unsigned) {
      const signed = Object.keys(headers).sort();
      const scopeDate = headers["x-amz-date"]?.slice(0, 8) ?? "";
      const scope = `${scopeDate}/${sign.region ?? region}/${sign.service ?? "ec2"}/aws4_request`;
      const canonical = canonicalRequest(
        { method: "POST", url: new URL(`${front.url}/`), headers, body: Buffer.from(body) },
        signed,
        sha256Hex(body),
      );
      const key = signingKey(sign.secret ?? secret, scopeDate, sign.region ?? region, sign.service ?? "ec2");
      const signature = createHmac("sha256", key)
        .update(stringToSign(headers["x-amz-date"] ?? "", scope, canonical))
        .digest("hex");
      headers["authorization"] =
        `AWS4-HMAC-SHA256 Credential=${sign.key ?? accessKeyId}/${scope}, SignedHeaders=${signed.join(";")}, Signature=${signature}`;
    }
    const { host: _host, ...sendable } = headers;
    const res = await fetch(`${front.url}/`, {
      method: "POST",
      headers: sendable,
      body: sign.tamper ? sign.tamper(body) : body,
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** An EC2 (or, with service "elasticloadbalancing", ELBv2) Query call. */
  function query(
    action: string,
    params: Record<string, string | number> = {},
    sign: SignOptions = {},
  ): Promise<Answer> {
    const version = sign.service === "elasticloadbalancing" ? "2015-12-01" : "2016-11-15";
    const body = new URLSearchParams({
      Action: action,
      Version: version,
      ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    }).toString();
    return post(body, "application/x-www-form-urlencoded; charset=utf-8", sign);
  }

  /** A Price List (JSON 1.1) call. */
  function pricing(operation: string, input: unknown, sign: SignOptions = {}): Promise<Answer> {
    return post(JSON.stringify(input), "application/x-amz-json-1.1", {
      region: "us-east-1",
      service: "pricing",
      ...sign,
      headers: { "x-amz-target": `AWSPriceListService.${operation}`, ...sign.headers },
    });
  }

  const cloud = () => world.accountRegion({ provider: "AWS", account, region });
  return { clock, world, front, query, pricing, cloud, close: () => front.close() };
}

/** Texts of every `<name>` element, in document order. */
export function texts(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, "g"))].map((m) => m[1] ?? "");
}

export function text(xml: string, name: string): string | undefined {
  return texts(xml, name)[0];
}

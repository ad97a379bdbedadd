import { generateKeyPairSync } from "node:crypto";
import { VirtualClock } from "@cloud-barista/core";
import { World } from "../../src/index.js";
import type { WorldOptions } from "../../src/index.js";
import { startIbmFront } from "../../src/fronts/ibm/index.js";
import type { IbmFrontOptions } from "../../src/fronts/ibm/index.js";

export const account = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
export const apiKey = "ibm-front-test-api-key-0000000000000000000001";
export const region = "us-south";
export const version = "2025-04-08";

/** A response body, read loosely as tests do. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep response shapes
export type Body = Record<string, any>;

export interface Answer {
  status: number;
  headers: Headers;
  body: Body;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? {} : (JSON.parse(text) as Body) };
}

/** A world on a virtual clock with one IBM API key, and the front on loopback. */
export async function ibmFixture(options: { world?: WorldOptions; front?: Omit<IbmFrontOptions, "world"> } = {}) {
  const clock = new VirtualClock();
  const world = new World({
    clock,
    seed: 11,
    rateLimits: false,
    ...options.world,
    timing: { jitterRatio: 0, ...options.world?.timing },
  });
  world.identities.add({ provider: "IBM", key: apiKey, secret: apiKey, account });
  const front = await startIbmFront({ world, ...options.front });
  const url = front.url;

  async function iam(form: Record<string, string>, contentType = "application/x-www-form-urlencoded"): Promise<Answer> {
    return answer(
      await fetch(`${url}/identity/token`, {
        method: "POST",
        headers: { "content-type": contentType, accept: "application/json" },
        body: new URLSearchParams(form).toString(),
      }),
    );
  }

  let cached: string | undefined;
  async function token(): Promise<string> {
    if (cached) return cached;
    const got = await iam({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: apiKey });
    if (got.status !== 200) throw new Error(`token: ${got.status} ${JSON.stringify(got.body)}`);
    cached = String(got.body["access_token"]);
    return cached;
  }

  /** A VPC API call with version and generation set, unless `query` overrides them (null leaves one out). */
  async function vpc(
    method: string,
    path: string,
    options: { body?: unknown; query?: Record<string, string | null>; token?: string | null; region?: string } = {},
  ): Promise<Answer> {
    const target = new URL(`${url}/vpc/${options.region ?? region}/v1${path}`);
    const query: Record<string, string | null> = { version, generation: "2", ...options.query };
    for (const [key, value] of Object.entries(query)) if (value !== null) target.searchParams.set(key, value);
    const bearer = options.token === undefined ? await token() : options.token;
    const headers: Record<string, string> = { accept: "application/json" };
    if (bearer !== null) headers["authorization"] = `Bearer ${bearer}`;
    if (options.body !== undefined) headers["content-type"] = "application/json";
    return answer(
      await fetch(target, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      }),
    );
  }

  /** A call to the Global Catalog or Global Tagging (any path on the front). */
  async function raw(method: string, path: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${await token()}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    return answer(
      await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
    );
  }

  /** Moves the world clock on and lets the world's background work run. */
  async function advance(ms: number): Promise<void> {
    clock.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
  }

  return { world, clock, front, url, iam, token, vpc, raw, advance, close: () => front.close() };
}

export type IbmFixture = Awaited<ReturnType<typeof ibmFixture>>;

/** An OpenSSH "ssh-rsa" public key line of a fresh key, written from the RFC 4253 wire format. */
export function sshRsaPublicKey(): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  const mpint = (b64: string): Buffer => {
    const bytes = Buffer.from(b64, "base64url");
    return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  };
  const field = (data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, data]);
  };
  const blob = Buffer.concat([field(Buffer.from("ssh-rsa")), field(mpint(jwk.e ?? "")), field(mpint(jwk.n ?? ""))]);
  return `ssh-rsa ${blob.toString("base64")} test@ibm-front`;
}

/** A VPC (auto prefixes) with one subnet in us-south-1, through the API. */
export async function vpcWithSubnet(
  f: IbmFixture,
  name = "net",
): Promise<{ vpcId: string; subnetId: string; sgId: string }> {
  const vpc = await f.vpc("POST", "/vpcs", { body: { name } });
  if (vpc.status !== 201) throw new Error(`vpc: ${JSON.stringify(vpc.body)}`);
  const subnet = await f.vpc("POST", "/subnets", {
    body: {
      name: `${name}-sub`,
      vpc: { id: vpc.body["id"] },
      zone: { name: "us-south-1" },
      total_ipv4_address_count: 256,
    },
  });
  if (subnet.status !== 201) throw new Error(`subnet: ${JSON.stringify(subnet.body)}`);
  return {
    vpcId: String(vpc.body["id"]),
    subnetId: String(subnet.body["id"]),
    sgId: String((vpc.body["default_security_group"] as Body)["id"]),
  };
}

/** The id of the region's stock Ubuntu 24.04 image. */
export async function ubuntuImageId(f: IbmFixture): Promise<string> {
  const images = await f.vpc("GET", "/images", { query: { visibility: "public", limit: "100" } });
  const image = (images.body["images"] as Body[]).find((i) => String(i["name"]).startsWith("ibm-ubuntu-24-04"));
  return String(image?.["id"]);
}

/** An instance in the subnet, through the API, and its world boot time passed (running). */
export async function runningInstance(f: IbmFixture, subnetId: string, name = "vm-1"): Promise<Body> {
  const created = await f.vpc("POST", "/instances", {
    body: {
      name,
      profile: { name: "bx2-2x8" },
      zone: { name: "us-south-1" },
      image: { id: await ubuntuImageId(f) },
      primary_network_interface: { subnet: { id: subnetId } },
    },
  });
  if (created.status !== 201) throw new Error(`instance: ${JSON.stringify(created.body)}`);
  await f.advance(f.world.timing.vmBootMs);
  return created.body;
}

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

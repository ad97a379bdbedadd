import { createSign, generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { VirtualClock } from "@cloud-barista/core";
import { afterEach } from "vitest";
import { World } from "../../src/index.js";
import { startGcpFront } from "../../src/fronts/gcp/index.js";
import type { GcpFrontOptions } from "../../src/fronts/gcp/index.js";
import type { RunningFront } from "../../src/fronts/http-front.js";
import type { WorldOptions } from "../../src/world/world.js";

// A world with one GCP service-account key and the GCP front over HTTP, and raw requests to it
// signed as google-auth-library signs them (self-signed JWTs) unless a test says otherwise.

export const project = "cb-project-1";
export const clientEmail = `tester@${project}.iam.gserviceaccount.com`;
export const keyId = "0123456789abcdef0123456789abcdef01234567";
const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
export const privateKey = pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString();

export interface Answer {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown>;
}

/** An RS256 JWT with the given header and claims, signed by `key` (default: the registered key). */
export function signJwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
  key: string | KeyObject = privateKey,
): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signed = `${part({ alg: "RS256", typ: "JWT", kid: keyId, ...header })}.${part(claims)}`;
  return `${signed}.${createSign("RSA-SHA256").update(signed).sign(key).toString("base64url")}`;
}

/** A self-signed JWT for the Compute Engine API, valid for an hour from now. */
export function selfSigned(overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
  const iat = Math.floor(Date.now() / 1000);
  return signJwt(
    { iss: clientEmail, sub: clientEmail, aud: "https://compute.googleapis.com/", iat, exp: iat + 3600, ...overrides },
    header,
  );
}

let front: RunningFront | undefined;
afterEach(async () => {
  await front?.close();
  front = undefined;
});

export async function start(options: Partial<GcpFrontOptions> = {}, worldOptions: WorldOptions = {}) {
  const clock = new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 }, ...worldOptions });
  world.identities.add({
    provider: "GCP",
    key: keyId,
    secret: privateKey,
    account: project,
    attributes: { clientEmail },
  });
  front = await startGcpFront({ world, operationMs: 1000, ...options });
  const running = front;
  const token = selfSigned();
  const send = async (
    method: string,
    path: string,
    options: { body?: unknown; form?: string; token?: string | null } = {},
  ): Promise<Answer> => {
    const bearer = options.token === undefined ? token : options.token;
    const headers: Record<string, string> = {
      ...(options.form !== undefined ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
    };
    const url = path.startsWith("http") ? path : `${running.url}${path}`;
    const response = await fetch(url, {
      method,
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };
  /** A Compute Engine path under the project. */
  const compute = (path: string) => `/compute/v1/projects/${project}/${path}`;
  return { world, clock, send, compute, front: running };
}

/** The `reason` of a Google error answer. */
export function reasonOf(answer: Answer): string | undefined {
  const error = answer.json["error"] as { errors?: { reason?: string }[] } | undefined;
  return error?.errors?.[0]?.reason;
}

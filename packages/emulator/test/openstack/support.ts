/* eslint-disable @typescript-eslint/no-explicit-any -- raw JSON answers are inspected field by field */
import { afterEach } from "vitest";
import { VirtualClock } from "@cloud-barista/core";
import { World } from "../../src/index.js";
import { startOpenStackFront } from "../../src/fronts/openstack/index.js";
import type { OpenStackFrontOptions, RunningOpenStackFront } from "../../src/fronts/openstack/index.js";

export const account = "acme";

/** Raw HTTP against the front: an authenticated JSON client for one region. */
export interface RawClient {
  world: World;
  clock: VirtualClock;
  front: RunningOpenStackFront;
  token: string;
  projectId: string;
  /** "<front>/<region>" */
  regionUrl: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: any }>;
}

export async function issueToken(front: RunningOpenStackFront, auth: unknown): Promise<Response> {
  return fetch(`${front.authUrl}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(auth),
  });
}

export const passwordAuth = {
  auth: {
    identity: {
      methods: ["password"],
      password: { user: { name: "bob", domain: { name: "Default" }, password: "pw" } },
    },
    scope: { project: { name: "acme-project", domain: { name: "Default" } } },
  },
};

export async function rawClient(
  options: Omit<OpenStackFrontOptions, "world"> = {},
  region = "RegionOne",
): Promise<RawClient> {
  const clock = new VirtualClock();
  const world = new World({ clock, seed: 3, rateLimits: false, timing: { jitterRatio: 0 } });
  world.identities.add({
    provider: "OPENSTACK",
    key: "Default/bob",
    secret: "pw",
    account,
    attributes: { projectName: "acme-project", projectDomainName: "Default" },
  });
  const front = await startOpenStackFront({ world, ...options });
  const issued = await issueToken(front, passwordAuth);
  const token = issued.headers.get("x-subject-token") ?? "";
  const body = (await issued.json()) as { token: { project: { id: string } } };
  const regionUrl = `${front.url}/${region}`;
  return {
    world,
    clock,
    front,
    token,
    projectId: body.token.project.id,
    regionUrl,
    async call(method, path, payload, headers = {}) {
      const res = await fetch(path.startsWith("http") ? path : `${regionUrl}${path}`, {
        method,
        headers: {
          "x-auth-token": token,
          ...(payload === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        // Glance answers errors in plain text.
      }
      return { status: res.status, headers: res.headers, body: parsed };
    },
  };
}

/** A `rawClient` factory whose fronts close after each test of the file that calls it. */
export function closingClients(): (...args: Parameters<typeof rawClient>) => Promise<RawClient> {
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.front.close();
  });
  return async (...args) => {
    const c = await rawClient(...args);
    clients.push(c);
    return c;
  };
}

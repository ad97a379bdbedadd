import { closedAfterEach } from "@cloud-barista/core/testing";
import type { Clock, CloudBarista } from "@cloud-barista/core";
import type { StartedFront, World, WorldOptions } from "@cloud-barista/emulator";
import type { OpenStackFrontOptions } from "@cloud-barista/emulator/openstack";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import type { EmulatedConnection } from "@cloud-barista/emulator/testing";
import { createOpenStackDriver, openStackVendorClient } from "../src/index.js";
import type { OpenStackDriverOptions, OpenStackVendorClient } from "../src/index.js";

/** The password identity every test registers (world account "demo-project"). */
export const user = {
  username: "alice",
  password: "s3cret-pass",
  userDomainName: "Default",
  projectName: "demo",
  projectDomainName: "Default",
};
export const appCredential = { applicationCredentialId: "app-cred-1", applicationCredentialSecret: "app-secret" };
export const account = "demo-project";

/** The application credential of `user` (the front registers the password identity itself). */
export function registerIdentities(world: World): void {
  world.identities.add({
    provider: "OPENSTACK",
    key: appCredential.applicationCredentialId,
    secret: appCredential.applicationCredentialSecret,
    account,
    attributes: { projectName: user.projectName, projectDomainName: user.projectDomainName, userName: user.username },
  });
}

export interface OpenStackFixture extends EmulatedConnection {
  /** The cloud's clock; the SDK's differs when `baristaClock` is given. */
  worldClock: Clock;
  front: StartedFront & { url: string; authUrl: string };
}

/**
 * A world, its OpenStack front on loopback, and an SDK instance with one OpenStack connection
 * ("os", region kr-central-1, zone kr-central-1a). `baristaClock` differs from the world's clock
 * only where a test wants client and server time apart.
 */
export async function openStackFixture(
  options: {
    world?: WorldOptions;
    front?: Omit<OpenStackFrontOptions, "world">;
    driver?: OpenStackDriverOptions;
    credential?: Record<string, string>;
    region?: string;
    zone?: string;
    baristaClock?: Clock;
  } = {},
): Promise<OpenStackFixture> {
  const f = await emulatedConnection({
    provider: "OPENSTACK",
    driver: () => createOpenStackDriver(options.driver),
    account,
    world: options.world,
    front: { ...options.front, credential: user },
    credential: options.credential,
    region: options.region ?? "kr-central-1",
    zone: options.zone ?? "kr-central-1a",
    names: { connection: "os", credential: "os-cred", region: "os-region" },
    barista: options.baristaClock ? { clock: options.baristaClock } : {},
  });
  // Fresh projects get 10 security groups; the conformance suite makes over a hundred.
  f.world.quotas.set({ provider: "OPENSTACK" }, { securityGroups: 200 });
  registerIdentities(f.world);
  const front = { ...f.front, url: f.front.endpoint, authUrl: f.front.credential["authUrl"] ?? "" };
  return { ...f, worldClock: f.clock, front };
}

/** Native API names of the calls recorded in history, oldest first. */
export async function recordedApis(barista: CloudBarista): Promise<string[]> {
  await barista.history.flush();
  const records = await barista.history.query({ from: new Date(0) });
  return records.map((r) => r.api);
}

/** `openStackFixture` for one test file: every fixture a test opens is closed after it. */
export function fixturesClosedAfterEach(): (
  options?: Parameters<typeof openStackFixture>[0],
) => Promise<OpenStackFixture> {
  return closedAfterEach(openStackFixture);
}

/**
 * Calls the cloud as another tool would: through the connection's vendor client, outside the
 * SDK (no retries, history or names), with Nova's microversion 2.79.
 */
export async function rawCall<T = Record<string, never>>(
  f: OpenStackFixture,
  service: Parameters<OpenStackVendorClient["endpoint"]>[0],
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const vendor = await openStackVendorClient(f.conn);
  const response = await vendor.http.request<string>({
    method,
    url: `${await vendor.endpoint(service)}${path}`,
    headers: {
      "x-auth-token": await vendor.token(),
      "content-type": "application/json",
      ...(service === "compute" ? { "openstack-api-version": "compute 2.79" } : {}),
    },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (response.data ? JSON.parse(response.data) : undefined) as T };
}

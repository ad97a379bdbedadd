import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { Clock, CloudBarista, Connection } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import type { WorldOptions } from "@cloud-barista/emulator";
import { startOpenStackFront } from "@cloud-barista/emulator/openstack";
import type { OpenStackFrontOptions, RunningOpenStackFront } from "@cloud-barista/emulator/openstack";
import { createOpenStackDriver } from "../src/index.js";
import type { OpenStackDriverOptions } from "../src/index.js";

/** The password identity every test registers (world account "conformance-project"). */
export const user = {
  username: "alice",
  password: "s3cret-pass",
  userDomainName: "Default",
  projectName: "demo",
  projectDomainName: "Default",
};
export const appCredential = { applicationCredentialId: "app-cred-1", applicationCredentialSecret: "app-secret" };
export const account = "demo-project";

export function registerIdentities(world: World): void {
  world.identities.add({
    provider: "OPENSTACK",
    key: `${user.userDomainName}/${user.username}`,
    secret: user.password,
    account,
    attributes: { projectName: user.projectName, projectDomainName: user.projectDomainName },
  });
  world.identities.add({
    provider: "OPENSTACK",
    key: appCredential.applicationCredentialId,
    secret: appCredential.applicationCredentialSecret,
    account,
    attributes: { projectName: user.projectName, projectDomainName: user.projectDomainName, userName: user.username },
  });
}

export interface OpenStackFixture {
  world: World;
  worldClock: Clock;
  front: RunningOpenStackFront;
  barista: CloudBarista;
  conn: Connection;
  close(): Promise<void>;
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
  const worldClock = new VirtualClock();
  const world = new World({ clock: worldClock, timing: { jitterRatio: 0 }, ...options.world });
  // Fresh projects get 10 security groups; the conformance suite makes over a hundred.
  world.quotas.set({ provider: "OPENSTACK" }, { securityGroups: 200 });
  registerIdentities(world);
  const front = await startOpenStackFront({ world, ...options.front });
  const clock = options.baristaClock ?? worldClock;
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  barista.drivers.register(createOpenStackDriver(options.driver));
  await barista.credentials.add({
    name: "os-cred",
    provider: "OPENSTACK",
    values: options.credential ?? { authUrl: front.authUrl, ...user },
  });
  await barista.regions.add({
    name: "os-region",
    provider: "OPENSTACK",
    region: options.region ?? "kr-central-1",
    zone: options.zone ?? "kr-central-1a",
  });
  await barista.connections.add({ name: "os", driver: "openstack", credential: "os-cred", region: "os-region" });
  return {
    world,
    worldClock,
    front,
    barista,
    conn: await barista.connection("os"),
    close: async () => {
      await barista.close();
      await store.close();
      await front.close();
    },
  };
}

/** Native API names of the calls recorded in history, oldest first. */
export async function recordedApis(barista: CloudBarista): Promise<string[]> {
  await barista.history.flush();
  const records = await barista.history.query({ from: new Date(0) });
  return records.map((r) => r.api);
}

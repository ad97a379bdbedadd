import { randomBytes } from "node:crypto";
import { createCloudBarista } from "@cloud-barista/core";
import type { Clock, CloudBarista, CloudBaristaOptions, Connection, Store } from "@cloud-barista/core";
import type { WorldOptions } from "@cloud-barista/emulator";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import type { EmulatedConnection } from "@cloud-barista/emulator/testing";
import { onTestFinished } from "vitest";
import { createMockDriver } from "../src/index.js";

export interface RuntimeFixture extends EmulatedConnection {
  /** A new SDK instance on the same world and configs (in `store`, default the same), as after a restart. */
  restart(store?: Store): Promise<{ barista: CloudBarista; conn: Connection }>;
}

// One key for every fixture, so a restarted SDK instance can open the credentials sealed before.
const encryptionKey = randomBytes(32);

/** An SDK instance with one MOCK connection ("seoul", account "tenant-a") over a fresh world. */
export async function runtimeFixture(
  options: {
    world?: WorldOptions;
    barista?: Partial<CloudBaristaOptions>;
    store?: Store;
    deriveCloudNames?: boolean;
    /** Default: a VirtualClock (instant). */
    clock?: Clock;
  } = {},
): Promise<RuntimeFixture> {
  const barista = { encryptionKey, ...options.barista, ...(options.store ? { store: options.store } : {}) };
  const f = await emulatedConnection({
    provider: "MOCK",
    driver: (world) => createMockDriver({ world }),
    account: "tenant-a",
    clock: options.clock,
    world: options.world,
    names: { connection: "seoul", credential: "cred", region: "seoul" },
    deriveCloudNames: options.deriveCloudNames,
    barista,
  });
  // driver-mock calls the world in-process; only the front the fixture started needs stopping.
  onTestFinished(() => f.front.close());
  const restart = async (store: Store = f.store): Promise<{ barista: CloudBarista; conn: Connection }> => {
    const again = createCloudBarista({ clock: f.clock, ...barista, store });
    again.drivers.register(createMockDriver({ world: f.world }));
    return { barista: again, conn: await again.connection("seoul") };
  };
  return { ...f, restart };
}

/** A VPC, subnet, security group and key pair, and the request for a VM that uses them. */
export async function network(conn: Connection): Promise<{
  image: string;
  specName: string;
  vpcName: string;
  subnetName: string;
  securityGroupNames: string[];
  keyPairName: string;
}> {
  await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] });
  await conn.securityGroup.create({ name: "ssh", vpcName: "net", rules: [] });
  await conn.keyPair.create({ name: "key" });
  let image = "";
  for await (const i of conn.metadata.images())
    if (!image && i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64") image = i.id;
  let specName = "";
  for await (const s of conn.metadata.specs())
    if (!specName && s.architecture === "x86_64" && s.gpus.length === 0) specName = s.name;
  return { image, specName, vpcName: "net", subnetName: "web", securityGroupNames: ["ssh"], keyPairName: "key" };
}

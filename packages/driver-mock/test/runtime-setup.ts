import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { Clock, CloudBarista, CloudBaristaOptions, Connection, Store } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import type { WorldOptions } from "@cloud-barista/emulator";
import { createMockDriver } from "../src/index.js";

export interface RuntimeFixture {
  clock: Clock;
  world: World;
  store: Store;
  barista: CloudBarista;
  conn: Connection;
  /** A new SDK instance on the same world and configs (in `store`, default the same), as after a restart. */
  restart(store?: Store): Promise<{ barista: CloudBarista; conn: Connection }>;
}

export const encryptionKey = randomBytes(32);

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
  const clock = options.clock ?? new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 }, ...options.world });
  const firstStore = options.store ?? new MemoryStore({ clock });
  const make = async (register: boolean, store: Store): Promise<{ barista: CloudBarista; conn: Connection }> => {
    const barista = createCloudBarista({ store, clock, encryptionKey, ...options.barista });
    barista.drivers.register(createMockDriver({ world }));
    if (register) {
      await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: "tenant-a" } });
      await barista.regions.add({ name: "seoul", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
      await barista.connections.add({
        name: "seoul",
        driver: "mock",
        credential: "cred",
        region: "seoul",
        ...(options.deriveCloudNames === undefined ? {} : { deriveCloudNames: options.deriveCloudNames }),
      });
    }
    return { barista, conn: await barista.connection("seoul") };
  };
  const { barista, conn } = await make(true, firstStore);
  return { clock, world, store: firstStore, barista, conn, restart: (store = firstStore) => make(false, store) };
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

import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { Clock, CloudBarista, CloudBaristaOptions, Connection } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import type { WorldOptions } from "@cloud-barista/emulator";
import { startAwsFront } from "@cloud-barista/emulator/aws";
import type { AwsFrontOptions, RunningFront } from "@cloud-barista/emulator/aws";
import { createAwsDriver } from "../src/index.js";
import type { AwsDriverOptions } from "../src/index.js";

/** The account and access key the tests' AWS identity uses. */
export const account = "111122223333";
export const accessKeyId = "AKIAEMULATOREXAMPLE1";
export const secretAccessKey = "emulator/secret/key/example/0123456789";
export const region = "ap-northeast-2";
export const zone = "ap-northeast-2a";

export interface AwsFixture {
  clock: Clock;
  world: World;
  front: RunningFront;
  barista: CloudBarista;
  conn: Connection;
  /** The world state the connection's account sees, bypassing the gate. */
  cloud(): ReturnType<World["accountRegion"]>;
  close(): Promise<void>;
}

/**
 * A world with one AWS identity, the AWS front on loopback, and an SDK instance whose "seoul"
 * connection reaches the front through driver-aws (endpoint override), all on a VirtualClock.
 */
export async function awsFixture(
  options: {
    world?: WorldOptions;
    front?: Omit<AwsFrontOptions, "world">;
    driver?: AwsDriverOptions;
    barista?: Partial<CloudBaristaOptions>;
    secret?: string;
    clock?: Clock;
  } = {},
): Promise<AwsFixture> {
  const clock = options.clock ?? new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 }, ...options.world });
  world.identities.add({ provider: "AWS", key: accessKeyId, secret: secretAccessKey, account });
  const front = await startAwsFront({ world, ...options.front });
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32), ...options.barista });
  barista.drivers.register(createAwsDriver(options.driver));
  await barista.credentials.add({
    name: "aws-cred",
    provider: "AWS",
    values: { accessKeyId, secretAccessKey: options.secret ?? secretAccessKey },
  });
  await barista.regions.add({ name: "seoul", provider: "AWS", region, zone });
  await barista.connections.add({
    name: "seoul",
    driver: "aws",
    credential: "aws-cred",
    region: "seoul",
    endpoint: front.url,
  });
  const conn = await barista.connection("seoul");
  return {
    clock,
    world,
    front,
    barista,
    conn,
    cloud: () => world.accountRegion({ provider: "AWS", account, region }),
    close: async () => {
      await barista.close();
      await store.close();
      await front.close();
    },
  };
}

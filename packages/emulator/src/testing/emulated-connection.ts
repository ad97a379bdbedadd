import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type {
  Clock,
  CloudBarista,
  CloudBaristaOptions,
  CloudDriver,
  Connection,
  ProviderName,
  Store,
} from "@cloud-barista/core";
import type { CloudControl, ConformanceTarget } from "@cloud-barista/core/testing";
import { addFrontConnection } from "../connect-front.js";
import type { FrontStartOptions, StartedFront } from "../fronts/definition.js";
import { frontFor } from "../fronts/registry.js";
import type { AccountRegion } from "../world/account-region.js";
import { World } from "../world/world.js";
import type { WorldOptions } from "../world/world.js";
import { worldControl } from "./world-control.js";

/** Options of `emulatedConnection`: the provider and driver under test, and what to change from the defaults. */
export interface EmulatedConnectionOptions {
  provider: ProviderName;
  /** The driver under test, for this world and its started front (driver-mock in-process takes the world). */
  driver: (world: World, front: StartedFront) => CloudDriver;
  /** The world account (default "emulated"). */
  account?: string;
  /** Default: a VirtualClock, shared by the world and the SDK instance. */
  clock?: Clock;
  /** Settings of the world; timings are exact (no jitter) unless `timing.jitterRatio` says otherwise. */
  world?: Omit<WorldOptions, "clock">;
  /**
   * Options of the front's `start`: `port`, fixed `credential` values to register (keys a test
   * names), and the front's own (the AWS front's `maxPageSize`, the OpenStack front's `tokenTtlMs`).
   */
  front?: Omit<FrontStartOptions, "account"> & Readonly<Record<string, unknown>>;
  /** Values that replace the front's in the SDK's credential (a wrong secret, another auth method). */
  credential?: Readonly<Record<string, string>>;
  /** Default: the front's region and zone. */
  region?: string;
  zone?: string;
  /** Config names: the connection (default: the front's name), its credential and region. */
  names?: { connection?: string; credential?: string; region?: string };
  deriveCloudNames?: boolean;
  /** Overrides of the SDK instance (a store, another clock, retry policy, a fixed encryption key). */
  barista?: Partial<CloudBaristaOptions>;
}

/** A driver's connection to an emulated cloud over its front, and everything around it. */
export interface EmulatedConnection {
  /** The world's clock (the SDK instance's too, unless `barista.clock` gave it another). */
  clock: Clock;
  world: World;
  front: StartedFront;
  barista: CloudBarista;
  store: Store;
  connectionName: string;
  conn: Connection;
  /** The world account the connection acts in. */
  account: string;
  /** The world state the connection's account and region see, bypassing the gate. */
  cloud(): AccountRegion;
  control: CloudControl;
  /** For `describeDriverConformance`'s setup. */
  target(): ConformanceTarget;
  /** Closes the SDK instance, the store (unless it was given) and the front. */
  close(): Promise<void>;
}

/**
 * A fresh world, the provider's front started through the registry with a credential for one
 * account, and a fresh SDK instance (memory store, random encryption key) whose one connection
 * reaches the front through the driver under test.
 */
export async function emulatedConnection(options: EmulatedConnectionOptions): Promise<EmulatedConnection> {
  const { provider } = options;
  const account = options.account ?? "emulated";
  const clock = options.clock ?? new VirtualClock();
  const world = new World({
    ...options.world,
    clock,
    timing: { jitterRatio: 0, ...options.world?.timing },
  });
  const control = worldControl(world, { provider, account });
  const front = await (await frontFor(provider)).start(world, { ...options.front, account });
  const baristaClock = options.barista?.clock ?? clock;
  const store = options.barista?.store ?? new MemoryStore({ clock: baristaClock });
  const barista = createCloudBarista({
    encryptionKey: randomBytes(32),
    ...options.barista,
    store,
    clock: baristaClock,
  });
  const close = async (): Promise<void> => {
    await barista.close();
    if (!options.barista?.store) await store.close();
    await front.close();
    await world.kube.close();
  };
  const connectionName = options.names?.connection ?? front.name;
  try {
    const driver = barista.drivers.register(options.driver(world, front));
    await addFrontConnection(barista, front, {
      connection: connectionName,
      driver,
      credentialName: options.names?.credential,
      regionName: options.names?.region,
      credential: options.credential,
      region: options.region,
      zone: options.zone,
      deriveCloudNames: options.deriveCloudNames,
    });
    const conn = await barista.connection(connectionName);
    const region = options.region ?? front.region;
    return {
      clock,
      world,
      front,
      barista,
      store,
      connectionName,
      conn,
      account,
      cloud: () => world.accountRegion({ provider, account, region }),
      control,
      target: () => ({ barista, connectionName, control, teardown: close }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

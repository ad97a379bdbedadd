import { randomBytes } from "node:crypto";
import { MemoryStore, collect, createCloudBarista } from "@cloud-barista/core";
import type { Connection, ProviderName } from "@cloud-barista/core";
import type { CloudDriver } from "@cloud-barista/core/driver";
import { startEmulatorProcess } from "./emulator-client.js";
import type { EmulatorProcess } from "./emulator-client.js";
import type { EmulatorReady } from "./emulator-process.js";
import { commonResources } from "./suite.js";
import type { VmBasis } from "./suite.js";

/** A front of the emulator process, as the parent knows it. */
export type FrontInfo = EmulatorReady["fronts"][string];

/** What a driver's overhead benchmark measures with: the emulator, its front, the connection and the VM basis. */
export interface DriverBench {
  emulator: EmulatorProcess;
  front: FrontInfo;
  conn: Connection;
  basis: VmBasis;
}

export interface DriverBenchOptions {
  /** The front's provider. */
  provider: ProviderName;
  /** The driver, made for the front (e.g. trusting its certificate). */
  driver: (front: FrontInfo) => CloudDriver;
  /** The connection's endpoint override: the front's own by default. */
  endpoint?: (front: FrontInfo) => string | Readonly<Record<string, string>> | undefined;
  /** The spec VMs are made of (the catalog's first when absent). */
  specName: string;
  /** The size of the disks made (default 10 GB; a cloud's smallest may be larger). */
  diskSizeGB?: number;
}

/**
 * Starts the emulator process, connects a runtime (MemoryStore) to the provider's front with the
 * driver, makes the resources the common cases read (an x86_64 Linux image, `specName`, disks of
 * `diskSizeGB`), runs `measure`, then closes everything, the emulator last.
 */
export async function withDriverBench(
  options: DriverBenchOptions,
  measure: (bench: DriverBench) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulatorProcess();
  const store = new MemoryStore();
  // The emulator here limits no rate: the account's limits are stated as none (`pacing.limits`), so
  // the buckets the driver declares for its cloud do not space the runtime side's calls.
  const barista = createCloudBarista({
    store,
    encryptionKey: randomBytes(32),
    pacing: { limits: { [options.provider]: [] } },
  });
  try {
    const front = emulator.fronts[options.provider];
    if (!front) throw new Error(`the emulator serves no ${options.provider} front`);
    const driver = barista.drivers.register(options.driver(front));
    await barista.credentials.add({ name: "c", provider: options.provider, values: front.credential });
    await barista.regions.add({
      name: "r",
      provider: options.provider,
      region: front.region,
      ...(front.zone ? { zone: front.zone } : {}),
    });
    const endpoint = options.endpoint ? options.endpoint(front) : front.endpoint;
    await barista.connections.add({
      name: "bench",
      driver,
      credential: "c",
      region: "r",
      ...(endpoint === undefined ? {} : { endpoint: typeof endpoint === "string" ? endpoint : { ...endpoint } }),
    });
    const conn = await barista.connection("bench");
    const images = await collect(conn.metadata.images());
    const image = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64")?.id ?? "";
    const specs = await collect(conn.metadata.specs());
    const specName = specs.find((s) => s.name === options.specName)?.name ?? specs[0]?.name ?? "";
    const basis = { image, specName };
    await commonResources(conn, basis, options.diskSizeGB ?? 10);
    await measure({ emulator, front, conn, basis });
  } finally {
    await barista.close();
    await store.close();
    await emulator.close();
  }
}

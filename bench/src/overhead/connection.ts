import { randomBytes } from "node:crypto";
import { MemoryStore, collect, createCloudBarista } from "@cloud-barista/core";
import type { CloudDriver, Connection } from "@cloud-barista/core";
import type { EmulatorReady } from "./emulator-process.js";
import { commonResources } from "./suite.js";
import type { VmBasis } from "./suite.js";

/** One front of the emulator process, as it reports itself. */
export type BenchFront = EmulatorReady["fronts"][string];

/** The runtime side of an overhead benchmark: its connection, what its VMs are made of, and its cleanup. */
export interface BenchConnection {
  conn: Connection;
  basis: VmBasis;
  close(): Promise<void>;
}

/**
 * A runtime on a MemoryStore with one connection, "bench", through `driver` to an emulated front,
 * and the resources `commonCases` reads already made: VMs of the first x86_64 Linux image and of
 * `specName` (else the first spec).
 */
export async function openBenchConnection(
  driver: CloudDriver,
  front: BenchFront,
  options: { specName: string; endpoint?: string | Record<string, string>; diskSizeGB?: number },
): Promise<BenchConnection> {
  const store = new MemoryStore();
  const barista = createCloudBarista({ store, encryptionKey: randomBytes(32) });
  const close = async () => {
    await barista.close();
    await store.close();
  };
  try {
    const name = barista.drivers.register(driver);
    await barista.credentials.add({ name: "c", provider: driver.provider, values: front.credential });
    await barista.regions.add({
      name: "r",
      provider: driver.provider,
      region: front.region,
      ...(front.zone ? { zone: front.zone } : {}),
    });
    const endpoint = options.endpoint === undefined ? {} : { endpoint: options.endpoint };
    await barista.connections.add({ name: "bench", driver: name, credential: "c", region: "r", ...endpoint });
    const conn = await barista.connection("bench");
    const images = await collect(conn.metadata.images());
    const image = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64")?.id ?? "";
    const specs = await collect(conn.metadata.specs());
    const specName = specs.find((s) => s.name === options.specName)?.name ?? specs[0]?.name ?? "";
    const basis = { image, specName };
    await commonResources(conn, basis, options.diskSizeGB ?? 10);
    return { conn, basis, close };
  } catch (error) {
    await close();
    throw error;
  }
}

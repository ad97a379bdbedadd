import type { Clock, CloudBaristaOptions } from "@cloud-barista/core";
import type { TransportOptions } from "@cloud-barista/core/driver";
import type { WorldOptions } from "@cloud-barista/emulator";
import type { GcpFrontOptions } from "@cloud-barista/emulator/gcp";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import type { EmulatedConnection } from "@cloud-barista/emulator/testing";
import { createGcpDriver } from "../src/index.js";
import type { GcpDriverOptions } from "../src/index.js";

/** The project (the world account), region and zone of the tests. */
export const projectId = "cb-emulated";
export const region = "asia-northeast3";
export const zone = "asia-northeast3-a";

export type GcpFixture = EmulatedConnection;

/**
 * A world with one service account of project `projectId`, the GCP front over HTTP on loopback,
 * and an SDK instance whose "seoul" connection reaches it through driver-gcp (the front's URL as
 * the connection's endpoint for Compute Engine and the Billing Catalog).
 */
export function gcpFixture(
  options: {
    world?: WorldOptions;
    front?: Omit<GcpFrontOptions, "world">;
    driver?: GcpDriverOptions;
    transport?: TransportOptions;
    barista?: Partial<CloudBaristaOptions>;
    /** Credential values that replace the front's (another key, another key id). */
    credential?: Readonly<Record<string, string>>;
    clock?: Clock;
  } = {},
): Promise<GcpFixture> {
  return emulatedConnection({
    provider: "GCP",
    driver: () =>
      createGcpDriver({ ...options.driver, ...(options.transport ? { transport: options.transport } : {}) }),
    account: projectId,
    clock: options.clock,
    world: options.world,
    front: { ...options.front },
    credential: options.credential,
    region,
    zone,
    names: { connection: "seoul", credential: "gcp-cred", region: "seoul" },
    barista: options.barista,
  });
}

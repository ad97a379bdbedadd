import type { Clock, CloudBaristaOptions } from "@cloud-barista/core";
import type { TransportOptions } from "@cloud-barista/core/driver";
import type { WorldOptions } from "@cloud-barista/emulator";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import type { EmulatedConnection } from "@cloud-barista/emulator/testing";
import { createIbmDriver } from "../src/index.js";
import type { IbmDriverOptions } from "../src/index.js";

/** The API key the tests' IBM identity uses. */
export const apiKey = "emulatorTestApiKey0123456789abcdefghijklmnop";
export const region = "us-south";
export const zone = "us-south-1";

export type IbmFixture = EmulatedConnection;

/** The IBM front's own options (its README): small pages, token lifetime, how long states last. */
export interface FrontOptions {
  maxPageSize?: number;
  tokenTtlMs?: number;
  deleteMs?: number;
  pendingMs?: number;
}

/**
 * A world with one IBM API key, the IBM front over HTTP on loopback (IAM, the VPC API of every
 * region, Global Catalog and Global Tagging at one URL), and an SDK instance whose "dallas"
 * connection reaches it through driver-ibm and axios.
 */
export function ibmFixture(
  options: {
    world?: WorldOptions;
    front?: FrontOptions;
    driver?: IbmDriverOptions;
    transport?: TransportOptions;
    barista?: Partial<CloudBaristaOptions>;
    /** Values that replace the front's in the SDK's credential (a wrong API key). */
    credential?: Record<string, string>;
    clock?: Clock;
    region?: string;
    zone?: string;
  } = {},
): Promise<IbmFixture> {
  return emulatedConnection({
    provider: "IBM",
    driver: () =>
      createIbmDriver({ ...options.driver, ...(options.transport ? { transport: options.transport } : {}) }),
    account: "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    clock: options.clock,
    world: options.world,
    front: { ...options.front, credential: { apiKey } },
    credential: options.credential,
    region: options.region ?? region,
    zone: options.zone ?? (options.region === undefined ? zone : undefined),
    names: { connection: "dallas", credential: "ibm-cred", region: "dallas" },
    barista: options.barista,
  });
}

/** The call history of the fixture's connection, optionally of one API. */
export async function calls(f: IbmFixture, api?: string) {
  await f.barista.history.flush();
  const records = await f.barista.history.query({ connection: f.connectionName, from: new Date(0) });
  return records.filter((r) => api === undefined || r.api === api);
}

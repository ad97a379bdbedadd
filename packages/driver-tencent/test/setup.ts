import type { Clock, CloudBaristaOptions } from "@cloud-barista/core";
import type { TransportOptions } from "@cloud-barista/core/driver";
import type { WorldOptions } from "@cloud-barista/emulator";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import type { EmulatedConnection } from "@cloud-barista/emulator/testing";
import { createTencentDriver } from "../src/index.js";
import type { TencentDriverOptions } from "../src/index.js";

/** The API key the tests' Tencent identity uses, and its account (the UIN tag names hold). */
export const secretId = "AKIDEmulatorTestKey0123456789abcdef";
export const secretKey = "emulatorSecretKey0123456789abcdef";
export const account = "100012345678";
export const region = "ap-seoul";
export const zone = "ap-seoul-1";

export type TencentFixture = EmulatedConnection;

/** The Tencent front's own options (its README): small pages, the clock skew it tolerates. */
export interface FrontOptions {
  maxPageSize?: number;
  clockSkewToleranceMs?: number;
  clientTokenRetentionMs?: number;
}

/**
 * A world with one Tencent API key, the Tencent front over HTTP on loopback (one server for every
 * service, told apart by Host), and an SDK instance whose "seoul" connection reaches it through
 * driver-tencent and tencentcloud-sdk-nodejs: the connection's endpoint routes every service to
 * the front, keeping `<service>.tencentcloudapi.com` as the signed host.
 */
export function tencentFixture(
  options: {
    world?: WorldOptions;
    front?: FrontOptions;
    driver?: TencentDriverOptions;
    transport?: TransportOptions;
    barista?: Partial<CloudBaristaOptions>;
    secret?: string;
    /** A temporary key the front registers with this token. */
    token?: string;
    /** Values that replace the front's in the SDK's credential. */
    credential?: Record<string, string>;
    clock?: Clock;
    region?: string;
    zone?: string;
  } = {},
): Promise<TencentFixture> {
  return emulatedConnection({
    provider: "TENCENT",
    driver: () =>
      createTencentDriver({ ...options.driver, ...(options.transport ? { transport: options.transport } : {}) }),
    account,
    clock: options.clock,
    world: options.world,
    front: {
      ...options.front,
      credential: { secretId, secretKey, ...(options.token === undefined ? {} : { token: options.token }) },
    },
    // The front hands out the account's UIN (numeric here) for the tag service's resource names.
    credential: {
      ...options.credential,
      ...(options.secret === undefined ? {} : { secretKey: options.secret }),
    },
    region: options.region ?? region,
    zone: options.zone ?? (options.region === undefined ? zone : undefined),
    names: { connection: "seoul", credential: "tencent-cred", region: "seoul" },
    barista: options.barista,
  });
}

/** The call history of the fixture's connection, optionally of one API. */
export async function calls(f: TencentFixture, api?: string) {
  await f.barista.history.flush();
  const records = await f.barista.history.query({ connection: f.connectionName, from: new Date(0) });
  return records.filter((r) => api === undefined || r.api === api);
}

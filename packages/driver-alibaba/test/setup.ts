import type { Clock, CloudBaristaOptions } from "@cloud-barista/core";
import type { TransportOptions } from "@cloud-barista/core/driver";
import type { WorldOptions } from "@cloud-barista/emulator";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import type { EmulatedConnection } from "@cloud-barista/emulator/testing";
import { createAlibabaDriver } from "../src/index.js";
import type { AlibabaDriverOptions } from "../src/index.js";

/** The AccessKey the tests' Alibaba identity uses. */
export const accessKeyId = "LTAI5tEmulatorTestKey01";
export const accessKeySecret = "emulatorSecretValue0123456789abc";
export const region = "ap-northeast-2";
export const zone = "ap-northeast-2a";

export type AlibabaFixture = EmulatedConnection;

/** The Alibaba front's own options (its README): small pages, how long a VPC stays Pending. */
export interface FrontOptions {
  maxPageSize?: number;
  vpcPendingMs?: number;
  clientTokenRetentionMs?: number;
}

/**
 * A world with one Alibaba AccessKey, the Alibaba front over HTTP on loopback (one URL for ECS, VPC
 * and SLB), and an SDK instance whose "seoul" connection reaches it through driver-alibaba and
 * pop-core.
 */
export function alibabaFixture(
  options: {
    world?: WorldOptions;
    front?: FrontOptions;
    driver?: AlibabaDriverOptions;
    transport?: TransportOptions;
    barista?: Partial<CloudBaristaOptions>;
    secret?: string;
    /** A temporary (STS) AccessKey the front registers instead of the long-term one. */
    sts?: { accessKeyId: string; securityToken: string };
    /** Values that replace the front's in the SDK's credential. */
    credential?: Record<string, string>;
    clock?: Clock;
    region?: string;
    zone?: string;
  } = {},
): Promise<AlibabaFixture> {
  return emulatedConnection({
    provider: "ALIBABA",
    driver: () =>
      createAlibabaDriver({ ...options.driver, ...(options.transport ? { transport: options.transport } : {}) }),
    account: "1234567890123456",
    clock: options.clock,
    world: options.world,
    front: { ...options.front, credential: { accessKeyId, accessKeySecret, ...options.sts } },
    credential:
      options.secret === undefined && options.credential === undefined
        ? undefined
        : { ...options.credential, ...(options.secret === undefined ? {} : { accessKeySecret: options.secret }) },
    region: options.region ?? region,
    zone: options.zone ?? (options.region === undefined ? zone : undefined),
    names: { connection: "seoul", credential: "alibaba-cred", region: "seoul" },
    barista: options.barista,
  });
}

/** The call history of the fixture's connection, optionally of one API. */
export async function calls(f: AlibabaFixture, api?: string) {
  await f.barista.history.flush();
  const records = await f.barista.history.query({ connection: f.connectionName, from: new Date(0) });
  return records.filter((r) => api === undefined || r.api === api);
}

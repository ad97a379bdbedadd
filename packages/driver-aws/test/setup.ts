import type { Clock, CloudBaristaOptions } from "@cloud-barista/core";
import type { WorldOptions } from "@cloud-barista/emulator";
import type { AwsFrontOptions } from "@cloud-barista/emulator/aws";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import type { EmulatedConnection } from "@cloud-barista/emulator/testing";
import { createAwsDriver } from "../src/index.js";
import type { AwsDriverOptions } from "../src/index.js";

/** The account and access key the tests' AWS identity uses. */
export const account = "111122223333";
export const accessKeyId = "AKIAEMULATOREXAMPLE1";
export const secretAccessKey = "emulator/secret/key/example/0123456789";
export const region = "ap-northeast-2";
export const zone = "ap-northeast-2a";

export type AwsFixture = EmulatedConnection;

/**
 * A world with one AWS identity, the AWS front on loopback, and an SDK instance whose "seoul"
 * connection reaches the front through driver-aws (endpoint override), all on a VirtualClock.
 */
export function awsFixture(
  options: {
    world?: WorldOptions;
    front?: Omit<AwsFrontOptions, "world">;
    driver?: AwsDriverOptions;
    barista?: Partial<CloudBaristaOptions>;
    secret?: string;
    clock?: Clock;
  } = {},
): Promise<AwsFixture> {
  return emulatedConnection({
    provider: "AWS",
    driver: () => createAwsDriver(options.driver),
    account,
    clock: options.clock,
    world: options.world,
    front: { ...options.front, credential: { accessKeyId, secretAccessKey } },
    credential: options.secret === undefined ? undefined : { secretAccessKey: options.secret },
    region,
    zone,
    names: { connection: "seoul", credential: "aws-cred", region: "seoul" },
    barista: options.barista,
  });
}

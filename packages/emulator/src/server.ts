import { randomBytes } from "node:crypto";
import { scaledClock, systemClock } from "@cloud-barista/core";
import type { Clock } from "@cloud-barista/core";
import { startAwsFront } from "./fronts/aws/index.js";
import { startMockFront } from "./fronts/mock/index.js";
import { startOpenStackFront } from "./fronts/openstack/index.js";
import { World } from "./world/world.js";

export interface EmulatorOptions {
  /** Emulated time runs this many times faster than real time (default 1). Ignored with `clock`. */
  timeScale?: number;
  clock?: Clock;
  seed?: number;
  /** Loopback ports (default: free ports). */
  ports?: { aws?: number; openstack?: number; mock?: number };
  /** The account every front's credentials act in (default "emulator"). */
  account?: string;
}

/** Everything a client needs to reach one running emulator. */
export interface RunningEmulator {
  world: World;
  aws: { endpoint: string; accessKeyId: string; secretAccessKey: string; account: string };
  openstack: {
    authUrl: string;
    username: string;
    password: string;
    projectName: string;
    userDomainName: string;
    projectDomainName: string;
  };
  mock: { endpoint: string; mockName: string };
  close(): Promise<void>;
}

/**
 * The whole emulator, as a user runs it to try the SDK without a cloud account: one world served
 * over the AWS, OpenStack and mock fronts on loopback, with fresh credentials for each.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock =
    options.clock ?? (options.timeScale && options.timeScale !== 1 ? scaledClock(options.timeScale) : systemClock);
  const world = new World({ clock, seed: options.seed ?? 1 });
  const account = options.account ?? "emulator";
  const aws = {
    accessKeyId: `AKIA${randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(24).toString("base64url"),
  };
  const openstack = {
    username: "demo",
    password: randomBytes(12).toString("base64url"),
    projectName: "demo",
    userDomainName: "Default",
    projectDomainName: "Default",
  };
  world.identities.add({ provider: "AWS", key: aws.accessKeyId, secret: aws.secretAccessKey, account });
  world.identities.add({
    provider: "OPENSTACK",
    key: `${openstack.userDomainName}/${openstack.username}`,
    secret: openstack.password,
    account,
    attributes: { projectName: openstack.projectName, projectDomainName: openstack.projectDomainName },
  });
  const ports = options.ports ?? {};
  const awsFront = await startAwsFront({ world, ...(ports.aws === undefined ? {} : { port: ports.aws }) });
  const osFront = await startOpenStackFront({
    world,
    ...(ports.openstack === undefined ? {} : { port: ports.openstack }),
  });
  const mockFront = await startMockFront({ world, ...(ports.mock === undefined ? {} : { port: ports.mock }) });
  return {
    world,
    aws: { endpoint: awsFront.url, account, ...aws },
    openstack: { authUrl: osFront.authUrl, ...openstack },
    mock: { endpoint: mockFront.url, mockName: account },
    close: async () => {
      await Promise.all([awsFront.close(), osFront.close(), mockFront.close()]);
    },
  };
}

import { scaledClock, systemClock } from "@cloud-barista/core";
import type { Clock, ProviderName } from "@cloud-barista/core";
import type { StartedFront } from "./fronts/definition.js";
import { listFronts } from "./fronts/registry.js";
import { World } from "./world/world.js";
import type { WorldOptions } from "./world/world.js";

/** Options of `startEmulator`; every field has a default. */
export interface EmulatorOptions {
  /** Emulated time runs this many times faster than real time (default 1). Ignored with `clock`. */
  timeScale?: number;
  clock?: Clock;
  seed?: number;
  /** Other settings of the world (latency, timing, quotas, ...). */
  world?: Omit<WorldOptions, "clock" | "seed">;
  /** Names of the fronts to start (default: every front there is). */
  fronts?: readonly string[];
  /** Loopback ports by front name, e.g. `{ aws: 4566 }` (default: free ports). */
  ports?: Readonly<Record<string, number>>;
  /** The account every front's credential acts in (default "emulator"). */
  account?: string;
  /**
   * Accounts of particular fronts by front name, in place of `account`: clouds name accounts
   * differently (an Azure subscription is a GUID, a GCP project id at most 30 characters).
   */
  accounts?: Readonly<Record<string, string>>;
  /**
   * Options of particular fronts by front name, passed to their `start` (e.g. `{ openstack: {
   * pageSize: 1000 } }`: Nova's `osapi_max_limit` default, where the front's own default of 5
   * makes clients page).
   */
  frontOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Everything a client needs to reach one running emulator. */
export interface RunningEmulator {
  world: World;
  /** The started fronts, each with its endpoint and fresh credential. */
  fronts: Partial<Record<ProviderName, StartedFront>>;
  /** Stops every front and the clusters' Kubernetes API servers. */
  close(): Promise<void>;
}

/**
 * The whole emulator, as a user runs it to try the SDK without a cloud account: one world served
 * over every front on loopback (or those named), with fresh credentials for each.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // Only the fronts asked for are loaded; all of them only when a name is not among those.
  const definitions = await listFronts(options.fronts);
  let names = definitions.map((d) => d.name);
  for (const name of [
    ...(options.fronts ?? []),
    ...Object.keys(options.ports ?? {}),
    ...Object.keys(options.accounts ?? {}),
    ...Object.keys(options.frontOptions ?? {}),
  ]) {
    if (!names.includes(name) && options.fronts) names = (await listFronts()).map((d) => d.name);
    if (!names.includes(name)) throw new Error(`no front named "${name}"; fronts: ${names.join(", ")}`);
  }
  const clock =
    options.clock ?? (options.timeScale && options.timeScale !== 1 ? scaledClock(options.timeScale) : systemClock);
  const world = new World({ ...options.world, clock, seed: options.seed ?? 1 });
  const account = options.account ?? "emulator";
  const started: StartedFront[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.map((front) => front.close()));
    await world.kube.close();
  };
  try {
    for (const definition of definitions) {
      if (options.fronts && !options.fronts.includes(definition.name)) continue;
      const frontAccount = options.accounts?.[definition.name] ?? account;
      started.push(
        await definition.start(world, {
          ...options.frontOptions?.[definition.name],
          account: frontAccount,
          port: options.ports?.[definition.name],
        }),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { world, fronts: Object.fromEntries(started.map((front) => [front.provider, front])), close };
}

import { scaledClock } from "@cloud-barista/core";
import { startEmulator } from "@cloud-barista/emulator/server";
import { benchWorld } from "./mcis-world.js";
import { heapAfterGc } from "./heap.js";

// The emulator of the mcis-scale benchmark, in a process of its own so that its CPU and heap are
// not counted as the SDK's. Started by mcis-scale.ts with `fork`; it answers over the IPC channel.
//
//   argv: <regionCount> <timeScale> <clock origin ms>
//   sends   { type: "ready", fronts: [...] } once every front listens
//   answers { type: "usage", cpuMs, heapBytes } to { type: "usage" } (heap after a full collection)
//   exits on { type: "stop" }

/** Messages the benchmark sends to this process. */
export type EmulatorRequest = { type: "usage" } | { type: "stop" };

/** What a front tells the SDK, as sent over IPC. */
export interface FrontInfo {
  provider: string;
  endpoint: string;
  credential: Record<string, string>;
  connectionEndpoint?: string | Record<string, string>;
}

export type EmulatorMessage =
  { type: "ready"; fronts: FrontInfo[] } | { type: "usage"; cpuMs: number; heapBytes: number };

async function main(): Promise<void> {
  const [regions, scale, origin] = process.argv.slice(2).map(Number);
  if (!process.send || regions === undefined || scale === undefined || origin === undefined)
    throw new Error("start me with fork(), giving regionCount, timeScale and the clock origin");
  const send = (message: EmulatorMessage): void => void process.send?.(message);
  const emulator = await startEmulator({
    clock: scaledClock(scale, origin),
    world: benchWorld(regions),
    fronts: ["mock", "aws", "openstack"],
    // Real Nova and Neutron answer up to 1,000 items a page (osapi_max_limit); the front's default
    // of 5 is for tests that must page, and would multiply the status listings here.
    frontOptions: { openstack: { pageSize: 1000 } },
  });
  process.on("message", (message: EmulatorRequest) => {
    if (message.type === "usage") {
      const heapBytes = heapAfterGc();
      const cpu = process.cpuUsage();
      send({ type: "usage", cpuMs: (cpu.user + cpu.system) / 1000, heapBytes });
    } else if (message.type === "stop") {
      void emulator.close().finally(() => process.exit(0));
    }
  });
  send({
    type: "ready",
    fronts: Object.values(emulator.fronts).map((front) => ({
      provider: front.provider,
      endpoint: front.endpoint,
      credential: { ...front.credential },
      ...(front.connectionEndpoint === undefined
        ? {}
        : {
            connectionEndpoint:
              typeof front.connectionEndpoint === "string" ? front.connectionEndpoint : { ...front.connectionEndpoint },
          }),
    })),
  });
}

await main();

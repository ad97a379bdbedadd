import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import type { EmulatorReady } from "./emulator-process.js";

/** The emulator process of a benchmark: its fronts, and the service latency it adds to each call. */
export interface EmulatorProcess {
  fronts: EmulatorReady["fronts"];
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

function nextMessage<T>(child: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { kind?: string }) => {
      if (message.kind !== kind) return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the emulator process exited (${code})`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Starts the emulated AWS, OpenStack, Azure, GCP, Alibaba, Tencent and IBM fronts in a child process. */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = fork(new URL("./emulator-process.js", import.meta.url), [], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ready = await nextMessage<EmulatorReady>(child, "ready");
  return {
    fronts: ready.fronts,
    async setLatency(ms) {
      const done = nextMessage(child, "latency");
      child.send({ latencyMs: ms });
      await done;
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send({ stop: true });
      await exited;
    },
  };
}

// One SDK instance in its own process, on an etcd cluster the test shares between processes: it
// takes Sponge Lock keys in a role and reports on stdout, one JSON line per event. Run by
// lock-cluster.test.ts as `node --conditions=source --import scripts/ts-source-hooks.mjs child.ts <json>`.
import { createCloudBarista, isBaristaError, lockKeys } from "@cloud-barista/core";
import { openEtcdStore } from "../../src/index.js";

export interface ClusterChildArgs {
  endpoints: string[];
  prefix: string;
  leaseTtlMs: number;
  /**
   * counter: adds 1 to a stored number `increments` times, reading and writing it under an
   * exclusive key (a lost update shows a lock that did not exclude). holder: holds a key until
   * its lease is lost. waiter: waits for that key.
   */
  role: "counter" | "holder" | "waiter";
  increments?: number;
}

export type ClusterChildEvent =
  | { event: "started"; pid: number }
  | { event: "progress"; acked: number }
  | { event: "counted"; acked: number; inDoubt: number; errors: string[] }
  | { event: "holding"; at: number }
  | { event: "lost"; code: string; rule?: string; signalFired: boolean; at: number }
  | { event: "acquired"; at: number }
  | { event: "failed"; message: string };

const args = JSON.parse(process.argv[2] ?? "{}") as ClusterChildArgs;
const report = (event: ClusterChildEvent): void => void process.stdout.write(`${JSON.stringify(event)}\n`);
const counterKey = lockKeys.mcis("cluster", "counter");
const heldKey = lockKeys.mcis("cluster", "held");

const store = await openEtcdStore({ endpoints: args.endpoints, prefix: args.prefix, requestTimeoutMs: 3000 });
const barista = createCloudBarista({ store, leaseTtlMs: args.leaseTtlMs });
report({ event: "started", pid: process.pid });
await new Promise((resolve) => process.stdin.once("data", resolve));
process.stdin.destroy();

try {
  if (args.role === "counter") {
    let acked = 0;
    let inDoubt = 0;
    const errors: string[] = [];
    for (let i = 0; i < (args.increments ?? 0); i++) {
      let sent = false;
      try {
        await barista.lock.run(
          [{ key: counterKey, mode: "exclusive" }],
          async (abortSignal) => {
            const entry = await store.get("counter", { abortSignal });
            const next = Number(entry?.value ?? "0") + 1;
            await new Promise((resolve) => setTimeout(resolve, 2)); // a window for others to trespass
            sent = true;
            await store.put("counter", String(next), { abortSignal });
            sent = false;
            acked++;
          },
          { operation: "count" },
        );
        if (acked % 5 === 0) report({ event: "progress", acked });
      } catch (error) {
        // A write that failed in flight may still have been applied.
        if (sent) inDoubt++;
        errors.push(isBaristaError(error) ? `${error.code}${error.rule ? `/${error.rule}` : ""}` : String(error));
      }
    }
    report({ event: "counted", acked, inDoubt, errors });
  } else if (args.role === "holder") {
    let signalFired = false;
    let at = 0;
    await barista.lock
      .run(
        [{ key: heldKey, mode: "exclusive" }],
        async (abortSignal) => {
          report({ event: "holding", at: Date.now() });
          await new Promise((resolve) => abortSignal.addEventListener("abort", resolve, { once: true }));
          signalFired = true;
          at = Date.now();
        },
        { operation: "hold" },
      )
      .then(
        () => report({ event: "failed", message: "the run ended without losing its lease" }),
        (error: unknown) => {
          const code = isBaristaError(error) ? error.code : String(error);
          const rule = isBaristaError(error) ? error.rule : undefined;
          report({ event: "lost", code, ...(rule ? { rule } : {}), signalFired, at });
        },
      );
  } else {
    await barista.lock.run([{ key: heldKey, mode: "exclusive" }], async () => {
      report({ event: "acquired", at: Date.now() });
    });
  }
} catch (error) {
  report({ event: "failed", message: String(error) });
}
await barista.close();
await store.close();

// The collector of the ingest benchmark, in a process of its own (agents are elsewhere): a fresh
// embedded store in argv[2]'s dir; answers "stats" messages with the collector's and store's figures
// and the memory it retains beyond what it held before the first write.
import { openEmbeddedStore, startCollector } from "@cloud-barista/monitor";
import { heapAfterGc } from "./heap.js";

/** JS heap plus ArrayBuffers after a full GC: what the collector keeps. */
const retained = (): number => heapAfterGc() + process.memoryUsage().arrayBuffers;
const empty = retained();

const { dir } = JSON.parse(process.argv[2] ?? "{}") as { dir: string };
const store = await openEmbeddedStore({ dir, maintenanceIntervalMs: 0 });
const collector = await startCollector({ store, token: "bench-token-0123456789abcdef" });
process.send?.({ url: collector.url });
process.on("message", (message: string) => {
  if (message === "stats")
    process.send?.({
      collector: collector.stats(),
      store: store.stats(),
      retained: retained() - empty,
      cpu: process.cpuUsage(),
    });
  // CPU time, and the event loop's busy share (busy while starved of CPU too: read with the CPU).
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage(), loop: performance.eventLoopUtilization() });
  if (message === "close")
    void collector
      .close()
      .then(() => store.close({ snapshot: false }))
      .then(() => process.exit(0));
});

// The collector of the ingest benchmark, in a process of its own (agents are elsewhere): a fresh
// embedded store in argv[2]'s dir; answers "stats" messages with the collector's and store's figures.
import { openEmbeddedStore, startCollector } from "@cloud-barista/monitor";

const { dir } = JSON.parse(process.argv[2] ?? "{}") as { dir: string };
const store = await openEmbeddedStore({ dir, maintenanceIntervalMs: 0 });
const collector = await startCollector({ store, token: "bench-token-0123456789abcdef" });
process.send?.({ url: collector.url });
process.on("message", (message: string) => {
  if (message === "stats") process.send?.({ collector: collector.stats(), store: store.stats() });
  if (message === "close")
    void collector
      .close()
      .then(() => store.close({ snapshot: false }))
      .then(() => process.exit(0));
});

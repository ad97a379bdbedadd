import { fileURLToPath } from "node:url";
import { openEmbeddedStore } from "@cloud-barista/monitor";
import { afterEach, describe, expect, it } from "vitest";
import { killHard, startChild } from "./support/child.js";
import { tempDir } from "./support/helpers.js";

const child = fileURLToPath(new URL("./children/collector-child.ts", import.meta.url));
const token = "restart-test-token";
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("collector restart", () => {
  it(
    "loses no acknowledged sample when the collector process is killed with SIGKILL",
    { timeout: 60_000 },
    async () => {
      const tmp = tempDir("cb-monitor-restart-");
      cleanups.push(tmp.remove);
      const t0 = Date.UTC(2026, 0, 1);
      const acknowledged = new Set<number>();
      let sent = 0;

      for (let round = 0; round < 2; round++) {
        const { child: proc, first } = await startChild<{ url: string }>(child, { dir: tmp.dir, token });
        cleanups.push(() => killHard(proc));
        // Several writers at once, so the log's group commit really groups; killed mid-flight.
        let stop = false;
        const writer = async () => {
          while (!stop) {
            const batch = sent++;
            const lines = Array.from(
              { length: 50 },
              (_, i) =>
                `cpu,ns=ns1,mcis=web,vm=g1-1,cpu=cpu-total usage_user=${batch % 100},seq=${batch * 50 + i}i ${t0 + batch * 50 + i}`,
            ).join("\n");
            try {
              const response = await fetch(`${first.url}/write?precision=ms`, {
                method: "POST",
                body: lines,
                headers: { authorization: `Bearer ${token}` },
              });
              if (response.status === 204) acknowledged.add(batch);
            } catch {
              return; // the collector is gone: this batch was never acknowledged
            }
          }
        };
        const writers = Array.from({ length: 4 }, writer);
        while (acknowledged.size < 40 * (round + 1)) await new Promise((r) => setTimeout(r, 5));
        await killHard(proc);
        stop = true;
        await Promise.all(writers);
      }

      const store = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
      cleanups.push(() => store.close());
      const [series] = store.select("cpu", { vm: "g1-1" });
      const times = new Set(Array.from(series?.rows.column(0) ?? []));
      const missing = [...acknowledged].flatMap((batch) =>
        Array.from({ length: 50 }, (_, i) => t0 + batch * 50 + i).filter((t) => !times.has(t)),
      );
      expect(acknowledged.size).toBeGreaterThanOrEqual(80);
      expect(missing).toEqual([]);
    },
  );
});

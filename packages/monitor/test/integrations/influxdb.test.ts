import { startAgent } from "@cloud-barista/monitor-agent";
import type { Agent } from "@cloud-barista/monitor-agent";
import { influxSink, openEmbeddedStore, queryInflux, startCollector } from "@cloud-barista/monitor";
import type { InfluxSeries } from "@cloud-barista/monitor";
import { isBaristaError } from "@cloud-barista/core";
import { afterEach, describe, expect, it } from "vitest";
import { startInfluxd, tempDir, until } from "./support.js";

const token = "influx-test-token";
const identity = { ns: "ns1", mcis: "web", subgroup: "g1", vm: "g1-1", provider: "AWS", region: "ap-northeast-2" };
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The rows of one series as { time(ms) -> { column: value } }. */
function rows(series: InfluxSeries): Map<number, Record<string, unknown>> {
  const out = new Map<number, Record<string, unknown>>();
  const time = series.columns.indexOf("time");
  for (const row of series.values) {
    out.set(row[time] as number, Object.fromEntries(series.columns.map((c, i) => [c, row[i]])));
  }
  return out;
}

describe("InfluxDB 1.x sink (Debian's influxd)", () => {
  it(
    "holds what the real agent pushed through the collector, with the embedded store's values",
    { timeout: 60_000 },
    async () => {
      const influx = await startInfluxd();
      cleanups.push(() => influx.stop());
      const tmp = tempDir("cb-monitor-influx-");
      cleanups.push(tmp.remove);
      const store = await openEmbeddedStore({ dir: tmp.dir, maintenanceIntervalMs: 0 });
      cleanups.push(() => store.close());
      const sink = influxSink({ url: influx.url, db: "cb_monitor", createDatabase: true, flushIntervalMs: 100 });
      cleanups.push(() => sink.close());
      const collector = await startCollector({ store, token, sinks: [sink] });
      cleanups.push(() => collector.close());

      const agent: Agent = await startAgent({ intervalMs: 200, identity, push: { url: collector.url, token } });
      await until(() => store.select("mem", { vm: "g1-1" }).some((s) => s.length >= 3), 20_000, "3 mem rows");
      await agent.stop();
      await sink.flush();
      expect(sink.stats()).toMatchObject({ droppedPoints: 0, failedPoints: 0, queuedPoints: 0 });
      expect(sink.stats().sentPoints).toBe(collector.stats().pointsWritten);

      // Every measurement the store has is in InfluxDB with the same rows and values.
      let compared = 0;
      for (const measurement of ["cpu", "mem", "swap", "disk", "net", "system", "processes"]) {
        const all = store.select(measurement, {});
        if (measurement !== "disk" && measurement !== "net") expect(all.length, measurement).toBeGreaterThan(0);
        for (const series of all) {
          const where = Object.entries(series.tags)
            .map(([k, v]) => `"${k}" = '${v.replace(/'/g, "\\'")}'`)
            .join(" AND ");
          const [answer] = await queryInflux({ url: influx.url }, `SELECT * FROM "${measurement}" WHERE ${where}`, {
            db: "cb_monitor",
            epoch: "ms",
          });
          expect(answer?.length, `${measurement} ${where}`).toBe(1);
          const influxRows = rows(answer?.[0] as InfluxSeries);
          expect(influxRows.size, measurement).toBe(series.length);
          for (let r = 0; r < series.length; r++) {
            const row = influxRows.get(series.time(r));
            expect(row, `${measurement} at ${series.time(r)}`).toBeDefined();
            series.fields.forEach((field, f) => {
              const value = series.value(r, f);
              if (Number.isNaN(value)) return;
              expect(row?.[field], `${measurement}.${field}`).toBe(value);
              compared++;
            });
            for (const [k, v] of Object.entries(series.tags)) expect(row?.[k]).toBe(v);
          }
        }
      }
      expect(compared).toBeGreaterThan(100);
      // The identity tags made it as tags: InfluxQL groups by them.
      const [byVm] = await queryInflux({ url: influx.url }, `SELECT last("total") FROM "mem" GROUP BY "vm", "mcis"`, {
        db: "cb_monitor",
      });
      expect(byVm?.map((s) => s.tags)).toEqual([{ vm: "g1-1", mcis: "web" }]);
      expect(byVm?.[0]?.values[0]?.[1]).toBe(store.latest("mem")[0]?.fields.total);
    },
  );

  it(
    "fails with typed errors: a missing database is NotFound, a bad query InvalidArgument",
    { timeout: 60_000 },
    async () => {
      const influx = await startInfluxd();
      cleanups.push(() => influx.stop());
      const sink = influxSink({ url: influx.url, db: "absent", mode: "acknowledge", flushIntervalMs: 10 });
      cleanups.push(() => sink.close());
      const point = { measurement: "mem", tags: { vm: "a" }, fields: { total: 1n }, timeNs: 1_000_000n };
      const error: unknown = await sink.write([point]).catch((e: unknown) => e);
      expect(isBaristaError(error, "NotFound")).toBe(true);
      expect(String((error as Error).message)).toContain("database not found");
      expect(sink.stats().failedPoints).toBe(1);

      const badQuery: unknown = await queryInflux({ url: influx.url }, "SELECT FROM", { db: "absent" }).catch(
        (e: unknown) => e,
      );
      expect(isBaristaError(badQuery, "InvalidArgument")).toBe(true);

      // With createDatabase, the same write lands; precision "s" truncates the time.
      const created = influxSink({
        url: influx.url,
        db: "made",
        createDatabase: true,
        mode: "acknowledge",
        precision: "s",
        flushIntervalMs: 10,
      });
      cleanups.push(() => created.close());
      await created.write([{ ...point, timeNs: 5_900_000_000n }]);
      const [answer] = await queryInflux({ url: influx.url }, `SELECT "total" FROM "mem"`, { db: "made", epoch: "ms" });
      expect(answer?.[0]?.values).toEqual([[5000, 1]]);
    },
  );
});

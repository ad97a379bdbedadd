import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLineProtocol } from "../line-protocol/parse.js";
import { nanosPerUnit } from "../line-protocol/precision.js";
import { openEmbeddedStore } from "../store/embedded-store.js";
import { seriesKey } from "../store/series.js";
import { SeriesCache, ingestLineProtocol, parseColumns } from "./ingest.js";

const now = 1_700_000_000_123_456_789n;

/** Rows as the store would get them from parseLineProtocol's points (numbers, bigints, booleans; strings skipped). */
function expectedRows(text: string, precision: string) {
  const { points, errors } = parseLineProtocol(text, { nanosPerUnit: nanosPerUnit(precision), defaultTimeNs: now });
  const rows = [];
  let skipped = 0;
  for (const p of points) {
    const fields: [string, number][] = [];
    for (const [k, v] of Object.entries(p.fields)) {
      if (typeof v === "string") skipped++;
      else fields.push([k, typeof v === "boolean" ? (v ? 1 : 0) : Number(v)]);
    }
    if (fields.length > 0)
      rows.push({ key: seriesKey(p.measurement, p.tags), tags: p.tags, timeMs: Number(p.timeNs / 1_000_000n), fields });
  }
  return { rows, errors, points: points.length, skipped };
}

function columnRows(text: string, precision: string, cache: SeriesCache) {
  const { batch, errors } = parseColumns(text, { nanosPerUnit: nanosPerUnit(precision), defaultTimeNs: now }, cache);
  const rows = [];
  let from = 0;
  for (let r = 0; r < batch.rows; r++) {
    const ref = batch.refs[r];
    const to = batch.ends[r] as number;
    const fields: [string, number][] = [];
    for (let k = from; k < to; k++) fields.push([batch.names[k] as string, batch.values[k] as number]);
    rows.push({ key: ref?.key, tags: ref?.tags, timeMs: batch.times[r], fields });
    from = to;
  }
  return { rows, errors, points: batch.points, skipped: batch.skippedFields };
}

const corpus = [
  // the agent's shapes
  "cpu,cpu=cpu-total,host=vm1,ns=ns1 usage_user=12.5,usage_idle=80,usage_system=0 1700000000000000001",
  "mem,host=vm1 total=8589934592i,used_percent=41.25,available=4294967296i 1700000000999999999",
  "net,host=vm1,interface=eth0 bytes_recv=123456789012345i,err_in=0i 1700000002000000000",
  // the same series with its tags in another order, fields in another order, no timestamp
  "cpu,ns=ns1,host=vm1,cpu=cpu-total usage_idle=81,usage_user=11.5",
  // every number spelling the pattern allows, and -0
  "n v1=-0,v2=+5,v3=5.,v4=.5,v5=1e3,v6=-2.5E-3,v7=0i,v8=-0i,v9=-12i,v10=1234567890123456,v11=00012 5",
  // decimals the fast path divides by hand, and ones it leaves to Number()
  "f a=0.1,b=-0.0,c=123456789.012345,d=1234567890.1234567,e=0.000000000000001,g=99999999999999.9,h=1.5e2 4",
  // booleans in every spelling
  "b a=t,b=T,c=true,d=True,e=TRUE,f=f,g=F,h=false,i=False,j=FALSE 6",
  // what the fast path leaves to parseLineProtocol: non-ASCII names and tags too
  "cpu,host=서버-1,ns=ns1 usage_user=3,température=21.5 13",
  "météo,site=Zürich v=1 14",
  'esc\\ aped,tag\\ key=va\\,l\\=ue f\\=k=1,s="a b, c=d" 7',
  "u big=18446744073709551615u,int=9223372036854775807i,wide=12345678901234567 8",
  "neg v=1 -1500000",
  "dup v=1,v=2,w=3 9",
  'onlystring s="x" 10',
  "spaces   v=1    11   ",
  "\t  indented v=2 12\r",
  "# a comment",
  "",
  // malformed lines, reported exactly as parseLineProtocol does
  "nofields",
  "bad v=1,",
  "bad v=abc 1",
  "bad v=1e400 1",
  "bad v=1 12x",
  "bad v=1 1 2",
  "bad,t= v=1",
  "bad v= 1",
  'bad v="open',
  "bad v=1 12345678901234567890",
];

describe("parseColumns (the collector's /write fast path)", () => {
  for (const precision of ["ns", "us", "ms", "s", "m", "h"]) {
    it(`gives exactly parseLineProtocol's rows and errors (precision ${precision}), cold and warm`, () => {
      const text = corpus.join("\n");
      const expected = expectedRows(text, precision);
      const cache = new SeriesCache();
      expect(columnRows(text, precision, cache)).toEqual(expected); // cold: series seen for the first time
      expect(cache.size).toBeGreaterThan(3);
      const warm = columnRows(text, precision, cache); // warm: the fast path takes the known series
      expect(warm).toEqual(expected);
      for (let r = 0; r < warm.rows.length; r++) {
        warm.rows[r]?.fields.forEach(([, v], k) => expect(Object.is(v, expected.rows[r]?.fields[k]?.[1])).toBe(true));
      }
    });
  }

  it("counts the lines it left to the slow path and the lines without a timestamp", () => {
    const cache = new SeriesCache();
    const options = { nanosPerUnit: 1n, defaultTimeNs: now };
    const plain = Buffer.from("cpu,vm=a v=1 1700000000000000000\nmem,vm=a used=2i 1700000000000000000\n");
    expect(parseColumns(plain, options, cache).batch).toMatchObject({ points: 2, slowLines: 2, untimed: 0 }); // new series
    expect(parseColumns(plain, options, cache).batch).toMatchObject({ points: 2, slowLines: 0, untimed: 0 });
    const mixed = Buffer.from('cpu,vm=a v=1\ncpu,vm=a s="x",v=2 1700000000000000001\nmem,vm=a used=3i 5');
    expect(parseColumns(mixed, options, cache).batch).toMatchObject({ points: 3, slowLines: 1, untimed: 1 });
  });

  it("handles a body of many lines that grows its buffers", () => {
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `m,vm=v${i % 7} a=${i},b=${i}i,c=${i / 3} ${1_700_000_000_000 + i}`,
    );
    const text = lines.join("\n");
    const cache = new SeriesCache();
    columnRows(text, "ms", cache);
    expect(columnRows(text, "ms", cache)).toEqual(expectedRows(text, "ms"));
  });
});

describe("ingestLineProtocol", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("stores what parseLineProtocol would, durably: a reopened store replays the same rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-ingest-"));
    dirs.push(dir);
    const store = await openEmbeddedStore({ dir, maintenanceIntervalMs: 0 });
    const text = corpus.join("\n");
    const defaultTimeNs = BigInt(Date.now()) * 1_000_000n;
    const first = await ingestLineProtocol(store, Buffer.from(text), { defaultTimeNs });
    const second = await ingestLineProtocol(store, text, { defaultTimeNs: defaultTimeNs + 1_000_000_000n });
    const expected = parseLineProtocol(text, { defaultTimeNs });
    expect(first.errors).toEqual(expected.errors);
    expect(second.points).toBe(first.points);
    expect(first.points).toBe(expected.points.length);
    const before = store.latest().map((s) => ({ ...s, stale: false }));
    const rawBefore = store.stats().rawSamples;
    await store.close({ snapshot: false }); // the next open replays the log
    const reopened = await openEmbeddedStore({ dir, maintenanceIntervalMs: 0 });
    expect(reopened.stats().rawSamples).toBe(rawBefore);
    const sortKey = (s: { measurement: string; tags: Record<string, string> }) => seriesKey(s.measurement, s.tags);
    const sorted = <T extends { measurement: string; tags: Record<string, string> }>(list: T[]) =>
      [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    expect(sorted(reopened.latest().map((s) => ({ ...s, stale: false })))).toEqual(sorted(before));
    await reopened.close();
  });
});

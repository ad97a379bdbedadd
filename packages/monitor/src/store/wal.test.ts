import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { WriteAheadLog, readLog } from "./wal.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("WriteAheadLog", () => {
  it("groups concurrent appends and reads back every acknowledged record, ignoring a torn tail", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-monitor-wal-"));
    dirs.push(dir);
    const path = join(dir, "wal.log");
    const wal = await WriteAheadLog.open(path);
    await Promise.all(Array.from({ length: 100 }, (_, i) => wal.append(Buffer.from(`record ${i}`))));
    await wal.close();
    // A crash in the middle of a write leaves half a record: never acknowledged, never replayed.
    appendFileSync(path, Buffer.from([20, 0, 0, 0, 1, 2, 3, 4, 65, 66]));
    const records = (await readLog(path)).map((r) => r.toString());
    expect(records).toEqual(Array.from({ length: 100 }, (_, i) => `record ${i}`));
    expect(await readLog(join(dir, "missing.log"))).toEqual([]);
  });

  it("stops at a record whose checksum does not match", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-monitor-wal-"));
    dirs.push(dir);
    const path = join(dir, "wal.log");
    const wal = await WriteAheadLog.open(path);
    await wal.append(Buffer.from("good"));
    await wal.close();
    appendFileSync(path, Buffer.concat([Buffer.from([3, 0, 0, 0, 9, 9, 9, 9]), Buffer.from("bad")]));
    expect((await readLog(path)).map((r) => r.toString())).toEqual(["good"]);
  });
});

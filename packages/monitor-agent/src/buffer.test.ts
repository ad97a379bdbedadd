import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PointBuffer } from "./buffer.js";

const lines = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe("PointBuffer", () => {
  const dirs: string[] = [];
  const spoolDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), "cb-agent-buffer-"));
    dirs.push(dir);
    return join(dir, "spool");
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("hands out the oldest whole chunks up to a batch size, and forgets them once removed", async () => {
    const buffer = await PointBuffer.open({ capacity: 100 });
    buffer.add(lines("a", 3));
    buffer.add(lines("b", 3));
    buffer.add([]);
    buffer.add(lines("c", 3));
    const batch = buffer.peek(7);
    expect(batch?.lines).toEqual([...lines("a", 3), ...lines("b", 3)]);
    expect(buffer.peek(1)?.lines).toEqual(lines("a", 3)); // at least one chunk, even if larger
    buffer.remove(batch!);
    expect(buffer.size).toBe(3);
    expect(buffer.peek(100)?.lines).toEqual(lines("c", 3));
  });

  it("keeps up to its capacity, dropping the oldest lines first and counting them", async () => {
    const buffer = await PointBuffer.open({ capacity: 5 });
    buffer.add(lines("a", 3));
    buffer.add(lines("b", 3));
    expect(buffer.size).toBe(5);
    expect(buffer.dropped).toBe(1);
    expect(buffer.peek(100)?.lines).toEqual(["a1", "a2", ...lines("b", 3)]);
    buffer.add(lines("c", 4));
    expect(buffer.dropped).toBe(5);
    expect(buffer.peek(100)?.lines).toEqual(["b2", ...lines("c", 4)]);
  });

  it("counts lines overflow drops from a batch in flight as dropped only if the batch is not delivered", async () => {
    const buffer = await PointBuffer.open({ capacity: 3 });
    buffer.add(lines("a", 3));
    const delivered = buffer.peek(10)!;
    buffer.begin(delivered);
    buffer.add(lines("b", 3)); // a dropped while in flight
    expect(buffer.dropped).toBe(3);
    buffer.remove(delivered); // the receiver has a: not lost
    expect([buffer.dropped, buffer.size]).toEqual([0, 3]);

    const failed = buffer.peek(10)!;
    buffer.begin(failed);
    buffer.add(lines("c", 2)); // b0, b1 dropped while in flight
    buffer.release(failed); // not delivered: b0 and b1 are lost
    expect([buffer.dropped, buffer.size]).toEqual([2, 3]);
    expect(buffer.peek(10)?.lines).toEqual(["b2", ...lines("c", 2)]);
    buffer.remove(failed); // a late removal of the same batch changes no count
    expect(buffer.dropped).toBe(2);
    expect(buffer.peek(10)?.lines).toEqual(lines("c", 2));
  });

  it("with a spool, reloads what was not removed in a new buffer (an agent restart), in order", async () => {
    const dir = await spoolDir();
    const first = await PointBuffer.open({ capacity: 6, spoolDir: dir });
    first.add(lines("a", 2));
    first.add(lines("b", 2));
    first.add(lines("c", 2));
    first.remove(first.peek(2)!); // a delivered
    first.add(lines("d", 3)); // overflow: b0 dropped
    await first.settled();

    const second = await PointBuffer.open({ capacity: 6, spoolDir: dir });
    expect(second.peek(100)?.lines).toEqual(["b1", ...lines("c", 2), ...lines("d", 3)]);
    second.add(lines("e", 1)); // full again: b1 dropped; sequence numbers go on after the reloaded ones
    expect(second.dropped).toBe(1);
    second.remove(second.peek(1)!); // c delivered
    await second.settled();

    const third = await PointBuffer.open({ capacity: 3, spoolDir: dir }); // smaller: oldest go
    expect(third.peek(100)?.lines).toEqual(["d1", "d2", "e0"]);
    expect(third.dropped).toBe(1);
    await third.settled();
    expect((await readdir(dir)).sort()).toEqual(["0000000000000003.lp", "0000000000000004.lp"]);
  });

  it("reports spool failures and keeps the memory copy", async () => {
    const dir = await spoolDir();
    const errors: Error[] = [];
    const buffer = await PointBuffer.open({ capacity: 10, spoolDir: dir, onSpoolError: (e) => errors.push(e) });
    await rm(dir, { recursive: true });
    buffer.add(lines("a", 2));
    await buffer.settled();
    expect(errors).toHaveLength(1);
    expect(buffer.peek(10)?.lines).toEqual(lines("a", 2));
  });

  it("refuses a capacity that is not a positive integer", async () => {
    await expect(PointBuffer.open({ capacity: 0 })).rejects.toThrow(RangeError);
  });
});

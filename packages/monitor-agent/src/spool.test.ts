import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Spool } from "./spool.js";

describe("Spool", () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), "cb-agent-spool-")), "s");
  });
  afterEach(() => rm(join(dir, ".."), { recursive: true, force: true }));

  it("writes, rewrites, removes and loads chunks in sequence order", async () => {
    const spool = await Spool.open(dir);
    await spool.write({ seq: 10, lines: ["x"] });
    await spool.write({ seq: 2, lines: ["a", "b"] });
    await spool.write({ seq: 2, lines: ["b"] });
    await spool.write({ seq: 5, lines: ["c"] });
    await spool.remove(5);
    await spool.remove(99); // absent: fine
    expect(await spool.load()).toEqual([
      { seq: 2, lines: ["b"] },
      { seq: 10, lines: ["x"] },
    ]);
  });

  it("clears what a crash left half-written and ignores foreign files", async () => {
    await Spool.open(dir);
    await writeFile(join(dir, "0000000000000001.lp.tmp"), "half");
    await writeFile(join(dir, "0000000000000002.lp"), "");
    await writeFile(join(dir, "notes.txt"), "mine");
    const spool = await Spool.open(dir);
    expect(await spool.load()).toEqual([]);
    expect(await readdir(dir)).toEqual(["notes.txt"]);
  });
});

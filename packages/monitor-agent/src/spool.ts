import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** A chunk of line protocol (one sample's lines) on disk, by its sequence number. */
export interface SpoolChunk {
  readonly seq: number;
  readonly lines: string[];
}

const fileName = (seq: number): string => `${String(seq).padStart(16, "0")}.lp`;

/**
 * The on-disk copy of the push buffer: one file per chunk, named by a growing sequence number, so
 * what was not acknowledged survives an agent restart or crash. A file is written to a temporary name,
 * synced, then renamed, so a crash never leaves half a chunk behind.
 */
export class Spool {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** Opens (creating) the directory and removes temporary files a crash left. */
  static async open(dir: string): Promise<Spool> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(dir)) if (name.endsWith(".tmp")) await rm(join(dir, name), { force: true });
    return new Spool(dir);
  }

  /** Every chunk on disk, oldest first. */
  async load(): Promise<SpoolChunk[]> {
    const names = (await readdir(this.dir)).filter((n) => /^\d{16}\.lp$/.test(n)).sort();
    const chunks: SpoolChunk[] = [];
    for (const name of names) {
      const text = await readFile(join(this.dir, name), "utf8");
      const lines = text.split("\n").filter((l) => l !== "");
      if (lines.length > 0) chunks.push({ seq: Number(name.slice(0, 16)), lines });
      else await rm(join(this.dir, name), { force: true });
    }
    return chunks;
  }

  /** Writes (or rewrites) a chunk durably. */
  async write(chunk: SpoolChunk): Promise<void> {
    const path = join(this.dir, fileName(chunk.seq));
    const tmp = `${path}.tmp`;
    const handle = await open(tmp, "w", 0o600);
    try {
      await handle.writeFile(chunk.lines.map((l) => `${l}\n`).join(""));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  }

  async remove(seq: number): Promise<void> {
    await rm(join(this.dir, fileName(seq)), { force: true });
  }
}

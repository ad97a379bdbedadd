import { open, readFile, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { setImmediate } from "node:timers/promises";
import type { SeriesHeader } from "./series.js";

// Layout 2 (one block per series, rollups with sketches); layout 1 is still read.
const magic = "CBMONSNAP2\n";
const magic1 = "CBMONSNAP1\n";

/** Series copied or serialized per turn of the event loop while a snapshot is taken. */
const snapshotSlice = 2_000;

/**
 * The items in slices of `snapshotSlice`, yielding to the event loop between slices, so a snapshot
 * of many series lets writes through while it copies or serializes them.
 */
export async function* inSlices<T>(items: readonly T[]): AsyncGenerator<readonly T[]> {
  for (let i = 0; i < items.length; i += snapshotSlice) {
    if (i > 0) await setImmediate();
    yield items.slice(i, i + snapshotSlice);
  }
}

export interface SnapshotSeries {
  header: SeriesHeader;
  columns: Float64Array[];
}

/**
 * Writes a snapshot durably: a temporary file, fsync, rename over the target, fsync of the
 * directory. Layout: magic, u32 manifest length, manifest JSON (headers and column lengths),
 * then every column as little-endian float64s.
 */
/** Returns the snapshot's size in bytes. */
export async function writeSnapshot(path: string, series: readonly SnapshotSeries[]): Promise<number> {
  // Serialized a slice at a time for the same reason the series are copied so (embedded-store).
  const parts: string[] = [];
  for await (const slice of inSlices(series)) {
    parts.push(
      JSON.stringify(slice.map((s) => ({ header: s.header, lengths: s.columns.map((c) => c.length) }))).slice(1, -1),
    );
  }
  const manifest = Buffer.from(`[${parts.join(",")}]`);
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, "w");
  let total = 0;
  try {
    const head = Buffer.alloc(magic.length + 4);
    head.write(magic, 0, "latin1");
    head.writeUInt32LE(manifest.length, magic.length);
    await handle.write(head);
    await handle.write(manifest);
    total = head.length + manifest.length;
    const chunk: Uint8Array[] = [];
    let bytes = 0;
    const flush = async () => {
      if (bytes === 0) return;
      await handle.write(Buffer.concat(chunk, bytes));
      total += bytes;
      chunk.length = 0;
      bytes = 0;
    };
    for (const s of series) {
      for (const c of s.columns) {
        chunk.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
        bytes += c.byteLength;
        if (bytes > 8 << 20) await flush();
      }
    }
    await flush();
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
  const dir = await open(dirname(path), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  return total;
}

export async function readSnapshot(path: string): Promise<SnapshotSeries[]> {
  const data = await readFile(path);
  const head = data.toString("latin1", 0, magic.length);
  if (head !== magic && head !== magic1) throw new Error(`${path} is not a monitor snapshot`);
  const manifestLength = data.readUInt32LE(magic.length);
  let offset = magic.length + 4;
  const manifest = JSON.parse(data.toString("utf8", offset, offset + manifestLength)) as {
    header: SeriesHeader;
    lengths: number[];
  }[];
  offset += manifestLength;
  return manifest.map(({ header, lengths }) => ({
    header,
    columns: lengths.map((n) => {
      // Copied out: the file buffer's offset need not be 8-byte aligned.
      const column = new Float64Array(n);
      new Uint8Array(column.buffer).set(data.subarray(offset, offset + n * 8));
      offset += n * 8;
      return column;
    }),
  }));
}

import { open, readFile } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { crc32 } from "node:zlib";

const headerBytes = 8;

/**
 * An append-only log with group commit: every record waits for an fdatasync, and all records
 * that arrive while one sync runs share the next one. A write is acknowledged only after its sync,
 * so an acknowledged record survives a crash (kill -9, power loss). Records are framed as
 * [length u32][crc32 u32][payload]; a torn tail (a crash mid-write, never acknowledged) is ignored
 * on replay.
 */
export class WriteAheadLog {
  readonly path: string;
  #handle: FileHandle;
  #size: number;
  #pending: { chunks: Buffer[]; bytes: number; waiters: { resolve: () => void; reject: (e: unknown) => void }[] } = {
    chunks: [],
    bytes: 0,
    waiters: [],
  };
  #flushing: Promise<void> | undefined;

  private constructor(path: string, handle: FileHandle, size: number) {
    this.path = path;
    this.#handle = handle;
    this.#size = size;
  }

  static async open(path: string): Promise<WriteAheadLog> {
    const handle = await open(path, "a");
    const { size } = await handle.stat();
    return new WriteAheadLog(path, handle, size);
  }

  /** Bytes written so far plus bytes waiting for the next sync. */
  get size(): number {
    return this.#size + this.#pending.bytes;
  }

  get pendingBytes(): number {
    return this.#pending.bytes;
  }

  /** Resolves once the record (the parts one after another: no copy to join them) is on disk. */
  append(payload: Buffer | readonly Buffer[]): Promise<void> {
    const parts = Buffer.isBuffer(payload) ? [payload] : payload;
    let length = 0;
    let sum = 0;
    for (const part of parts) {
      length += part.length;
      sum = crc32(part, sum);
    }
    const header = Buffer.allocUnsafe(headerBytes);
    header.writeUInt32LE(length, 0);
    header.writeUInt32LE(sum, 4);
    return new Promise((resolve, reject) => {
      this.#pending.chunks.push(header, ...parts);
      this.#pending.bytes += headerBytes + length;
      this.#pending.waiters.push({ resolve, reject });
      this.#flushing ??= this.#flushLoop();
    });
  }

  /** Waits until every record appended so far is on disk. */
  async drain(): Promise<void> {
    while (this.#flushing) await this.#flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.#handle.close();
  }

  async #flushLoop(): Promise<void> {
    try {
      while (this.#pending.waiters.length > 0) {
        const batch = this.#pending;
        this.#pending = { chunks: [], bytes: 0, waiters: [] };
        try {
          // One writev for the batch; a short write (rare on files) finishes from a joined copy.
          const { bytesWritten } = await this.#handle.writev(batch.chunks);
          if (bytesWritten < batch.bytes) {
            const data = Buffer.concat(batch.chunks, batch.bytes);
            let offset = bytesWritten;
            while (offset < data.length) {
              const written = await this.#handle.write(data, offset, data.length - offset);
              offset += written.bytesWritten;
            }
          }
          await this.#handle.datasync();
          this.#size += batch.bytes;
          for (const w of batch.waiters) w.resolve();
        } catch (error) {
          for (const w of batch.waiters) w.reject(error);
        }
      }
    } finally {
      this.#flushing = undefined;
    }
  }
}

/** The intact records of a log file, in order (stops at the first torn or corrupt one). */
export async function readLog(path: string): Promise<Buffer[]> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records: Buffer[] = [];
  let offset = 0;
  while (offset + headerBytes <= data.length) {
    const length = data.readUInt32LE(offset);
    const sum = data.readUInt32LE(offset + 4);
    const end = offset + headerBytes + length;
    if (end > data.length) break;
    const payload = data.subarray(offset + headerBytes, end);
    if (crc32(payload) !== sum) break;
    records.push(payload);
    offset = end;
  }
  return records;
}

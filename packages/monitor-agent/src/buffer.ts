import { Spool } from "./spool.js";

/** Lines taken from the buffer for one push; acknowledge or reject it with the buffer. */
export interface Batch {
  readonly seqs: readonly number[];
  readonly lines: readonly string[];
}

/** Size and spool of a {@link PointBuffer}. */
export interface PointBufferOptions {
  /** The most points (lines) kept; beyond it the oldest are dropped and counted. */
  readonly capacity: number;
  /** Keeps a copy on disk here, loaded again on open (the agent's restart). */
  readonly spoolDir?: string;
  /** A spool write or delete failed (the memory copy is still there). */
  readonly onSpoolError?: (error: Error) => void;
}

interface Chunk {
  readonly seq: number;
  lines: string[];
}

/**
 * The bounded push buffer: chunks of line protocol, oldest first, at most `capacity` lines. When
 * full, the oldest lines go first (counted in `dropped`), so an outage keeps the newest data up to
 * the buffer's size. Changes apply in memory at once; spool writes follow in order in the background
 * (`settled()` waits for them).
 */
export class PointBuffer {
  private readonly chunks: Chunk[] = [];
  private points = 0;
  private nextSeq = 0;
  private droppedPoints = 0;
  private spoolChain: Promise<void> = Promise.resolve();
  // Chunks of a batch being sent, and how many of their lines overflow dropped meanwhile: if the
  // batch is then delivered, those lines were not lost after all and leave the dropped count.
  private readonly sending = new Map<number, number>();

  private readonly capacity: number;
  private readonly spool: Spool | undefined;
  private readonly onSpoolError: (error: Error) => void;

  private constructor(capacity: number, spool: Spool | undefined, onSpoolError: (error: Error) => void) {
    this.capacity = capacity;
    this.spool = spool;
    this.onSpoolError = onSpoolError;
  }

  /**
   * Opens a buffer, loading what an earlier run left in `spoolDir` (the oldest dropped beyond
   * `capacity`). Throws a RangeError when `capacity` is not a positive integer.
   */
  static async open({ capacity, spoolDir, onSpoolError = () => {} }: PointBufferOptions): Promise<PointBuffer> {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`buffer capacity must be a positive integer, got ${capacity}`);
    const spool = spoolDir === undefined ? undefined : await Spool.open(spoolDir);
    const buffer = new PointBuffer(capacity, spool, onSpoolError);
    for (const chunk of spool ? await spool.load() : []) {
      buffer.chunks.push({ seq: chunk.seq, lines: chunk.lines });
      buffer.points += chunk.lines.length;
      buffer.nextSeq = chunk.seq + 1;
    }
    buffer.trim(); // a smaller capacity than last run
    return buffer;
  }

  /** Points held. */
  get size(): number {
    return this.points;
  }

  /** Points lost because the buffer was full, since it was opened (see `remove` for batches in flight). */
  get dropped(): number {
    return this.droppedPoints;
  }

  /** Appends one chunk of lines (one sample). */
  add(lines: readonly string[]): void {
    if (lines.length === 0) return;
    const chunk: Chunk = { seq: this.nextSeq++, lines: [...lines] };
    this.chunks.push(chunk);
    this.points += chunk.lines.length;
    this.persist(chunk);
    this.trim();
  }

  /** The oldest chunks, whole, up to `maxPoints` lines (at least one chunk); undefined when empty. */
  peek(maxPoints: number): Batch | undefined {
    if (this.chunks.length === 0) return undefined;
    const seqs: number[] = [];
    const lines: string[] = [];
    for (const chunk of this.chunks) {
      if (seqs.length > 0 && lines.length + chunk.lines.length > maxPoints) break;
      seqs.push(chunk.seq);
      lines.push(...chunk.lines);
    }
    return { seqs, lines };
  }

  /** Marks a batch as being sent (see `remove` and `release`). */
  begin(batch: Batch): void {
    for (const seq of batch.seqs) this.sending.set(seq, 0);
  }

  /**
   * Removes a batch's chunks: the receiver took them (delivered, or refused for good). Lines of it
   * that overflow dropped while it was in flight reached the receiver, so they leave `dropped`.
   */
  remove(batch: Batch): void {
    const seqs = new Set(batch.seqs);
    for (const seq of seqs) {
      this.droppedPoints -= this.sending.get(seq) ?? 0;
      this.sending.delete(seq);
    }
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      const chunk = this.chunks[i] as Chunk;
      if (!seqs.has(chunk.seq)) continue;
      this.chunks.splice(i, 1);
      this.points -= chunk.lines.length;
      this.unpersist(chunk.seq);
    }
  }

  /** The batch was not delivered: it stays (what overflow dropped of it meanwhile is lost). */
  release(batch: Batch): void {
    for (const seq of batch.seqs) this.sending.delete(seq);
  }

  /** Resolves once every spool change so far is on disk (or has failed and been reported). */
  settled(): Promise<void> {
    return this.spoolChain;
  }

  private trim(): void {
    while (this.points > this.capacity) {
      const oldest = this.chunks[0] as Chunk;
      const excess = this.points - this.capacity;
      if (oldest.lines.length <= excess) {
        this.chunks.shift();
        this.points -= oldest.lines.length;
        this.countDropped(oldest.seq, oldest.lines.length);
        this.unpersist(oldest.seq);
      } else {
        oldest.lines = oldest.lines.slice(excess);
        this.points -= excess;
        this.countDropped(oldest.seq, excess);
        this.persist(oldest);
      }
    }
  }

  private countDropped(seq: number, lines: number): void {
    this.droppedPoints += lines;
    const sending = this.sending.get(seq);
    if (sending !== undefined) this.sending.set(seq, sending + lines);
  }

  private persist(chunk: Chunk): void {
    const spool = this.spool;
    if (!spool) return;
    const copy = { seq: chunk.seq, lines: chunk.lines };
    this.enqueue(() => spool.write(copy));
  }

  private unpersist(seq: number): void {
    const spool = this.spool;
    if (spool) this.enqueue(() => spool.remove(seq));
  }

  private enqueue(op: () => Promise<void>): void {
    this.spoolChain = this.spoolChain.then(op).catch((error: unknown) => this.onSpoolError(error as Error));
  }
}

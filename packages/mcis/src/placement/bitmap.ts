/**
 * A set of row numbers below `size`, one bit per row in 32-bit words: a filter over 100,000 offers
 * is 3,125 words, so skipping rows already out and counting members touch words, not rows.
 */
export class Bitmap {
  readonly size: number;
  readonly words: Uint32Array;

  constructor(size: number) {
    this.size = size;
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  /** Every row below `size`. */
  static full(size: number): Bitmap {
    const all = new Bitmap(size);
    all.words.fill(0xffffffff);
    const tail = size & 31;
    if (tail !== 0) all.words[all.words.length - 1] = (1 << tail) - 1;
    return all;
  }

  has(row: number): boolean {
    return (((this.words[row >>> 5] as number) >>> (row & 31)) & 1) === 1;
  }

  add(row: number): void {
    const w = row >>> 5;
    this.words[w] = ((this.words[w] as number) | (1 << (row & 31))) >>> 0;
  }

  delete(row: number): void {
    const w = row >>> 5;
    this.words[w] = (this.words[w] as number) & ~(1 << (row & 31));
  }

  count(): number {
    let total = 0;
    for (const word of this.words) total += popcount(word);
    return total;
  }

  /** Calls `visit` with each member, in increasing order. */
  forEach(visit: (row: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w] as number;
      while (word !== 0) {
        const low = word & -word;
        visit((w << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * The `k` best items offered so far under `compare` (negative: `a` is better): a bounded max-heap
 * with the worst of them at the root, so each offer costs O(log k) and only k slots are kept.
 */
export class BoundedHeap<T> {
  private readonly heap: T[] = [];
  private readonly k: number;
  private readonly compare: (a: T, b: T) => number;

  constructor(k: number, compare: (a: T, b: T) => number) {
    this.k = k;
    this.compare = compare;
  }

  get full(): boolean {
    return this.heap.length >= this.k;
  }

  /** The worst item kept (undefined while empty). */
  get worst(): T | undefined {
    return this.heap[0];
  }

  offer(item: T): void {
    const heap = this.heap;
    if (heap.length < this.k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
    } else if (this.k > 0 && this.compare(item, heap[0] as T) < 0) {
      heap[0] = item;
      this.siftDown();
    }
  }

  /** The items kept, best first. */
  sorted(): T[] {
    return [...this.heap].sort(this.compare);
  }

  // Max-heap on `compare`: the parent is worse than (or as bad as) its children.
  private worse(i: number, j: number): boolean {
    return this.compare(this.heap[i] as T, this.heap[j] as T) > 0;
  }

  private swap(i: number, j: number): void {
    const t = this.heap[i] as T;
    this.heap[i] = this.heap[j] as T;
    this.heap[j] = t;
  }

  private siftDown(): void {
    const n = this.heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < n && this.worse(l, top)) top = l;
      if (r < n && this.worse(r, top)) top = r;
      if (top === i) return;
      this.swap(i, top);
      i = top;
    }
  }
}

/**
 * The `k` best items under `compare`, best first, in O(n log k). For k much smaller than n this
 * beats a full sort (O(n log n)) and allocates only k slots.
 */
export function topK<T>(items: readonly T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k >= items.length) return [...items].sort(compare);
  const heap = new BoundedHeap(k, compare);
  for (const item of items) heap.offer(item);
  return heap.sorted();
}

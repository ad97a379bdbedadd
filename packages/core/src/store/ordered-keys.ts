import { compareKeys } from "./keys.js";

const maxLevel = 32;

interface Node {
  readonly key: string;
  /** The next node on each level this node is on (level 0: every node). */
  readonly next: (Node | undefined)[];
  /** The previous node on level 0, for descending walks (the head for the first node). */
  prev: Node | undefined;
}

/** Where a range starts or ends: a key, included or not. */
export interface KeyBound {
  key: string;
  inclusive: boolean;
}

/**
 * A set of keys in `compareKeys` order (Unicode code points): a skip list, so inserts and deletes
 * take logarithmic time (a sorted array moves half its keys per insert) and ranges are walked in
 * either direction from a logarithmic search.
 */
export class OrderedKeys {
  readonly #head: Node = { key: "", next: new Array<Node | undefined>(maxLevel).fill(undefined), prev: undefined };
  #tail: Node | undefined;
  #level = 1;
  #size = 0;
  // A fixed-seed xorshift: levels need no cryptographic randomness, and runs stay reproducible.
  #seed = 0x9e3779b9;

  get size(): number {
    return this.#size;
  }

  /** Adds a key; false when it was there already. */
  add(key: string): boolean {
    const update = this.#predecessors(key);
    const found = update[0]?.next[0];
    if (found && compareKeys(found.key, key) === 0) return false;
    const level = this.#randomLevel();
    if (level > this.#level) {
      for (let i = this.#level; i < level; i++) update[i] = this.#head;
      this.#level = level;
    }
    const node: Node = { key, next: new Array<Node | undefined>(level).fill(undefined), prev: update[0] };
    for (let i = 0; i < level; i++) {
      const before = update[i] as Node;
      node.next[i] = before.next[i];
      before.next[i] = node;
    }
    const after = node.next[0];
    if (after) after.prev = node;
    else this.#tail = node;
    this.#size++;
    return true;
  }

  /** Removes a key; false when it was not there. */
  delete(key: string): boolean {
    const update = this.#predecessors(key);
    const node = update[0]?.next[0];
    if (!node || compareKeys(node.key, key) !== 0) return false;
    for (let i = 0; i < node.next.length; i++) {
      const before = update[i] as Node;
      if (before.next[i] === node) before.next[i] = node.next[i];
    }
    const after = node.next[0];
    if (after) after.prev = node.prev;
    else this.#tail = node.prev === this.#head ? undefined : node.prev;
    while (this.#level > 1 && this.#head.next[this.#level - 1] === undefined) this.#level--;
    this.#size--;
    return true;
  }

  clear(): void {
    this.#head.next.fill(undefined);
    this.#tail = undefined;
    this.#level = 1;
    this.#size = 0;
  }

  /**
   * The keys between `from` and `to` (either may be absent: no bound), ascending, or descending
   * with `reverse`. Changing the set while walking is not supported: collect first.
   */
  *range(from: KeyBound | undefined, to: KeyBound | undefined, reverse = false): Generator<string> {
    const below = (key: string, bound: KeyBound | undefined): boolean => {
      if (!bound) return true;
      const c = compareKeys(key, bound.key);
      return c < 0 || (c === 0 && bound.inclusive);
    };
    const above = (key: string, bound: KeyBound | undefined): boolean => {
      if (!bound) return true;
      const c = compareKeys(key, bound.key);
      return c > 0 || (c === 0 && bound.inclusive);
    };
    if (!reverse) {
      let node = from ? this.#lastBefore(from.key, !from.inclusive).next[0] : this.#head.next[0];
      for (; node && below(node.key, to); node = node.next[0]) yield node.key;
      return;
    }
    let node: Node | undefined = to ? this.#lastBefore(to.key, to.inclusive) : this.#tail;
    for (; node && node !== this.#head && above(node.key, from); node = node.prev) yield node.key;
  }

  /** The last node before `key` (or at it, with `orEqual`); the head when there is none. */
  #lastBefore(key: string, orEqual: boolean): Node {
    let node = this.#head;
    for (let i = this.#level - 1; i >= 0; i--) {
      for (;;) {
        const next = node.next[i];
        if (!next) break;
        const c = compareKeys(next.key, key);
        if (c < 0 || (orEqual && c === 0)) node = next;
        else break;
      }
    }
    return node;
  }

  /** On each level, the last node before `key`. */
  #predecessors(key: string): (Node | undefined)[] {
    const update = new Array<Node | undefined>(maxLevel).fill(undefined);
    let node = this.#head;
    for (let i = this.#level - 1; i >= 0; i--) {
      for (;;) {
        const next = node.next[i];
        if (!next || compareKeys(next.key, key) >= 0) break;
        node = next;
      }
      update[i] = node;
    }
    return update;
  }

  /** Level of a new node: each further level with probability 1/4. */
  #randomLevel(): number {
    let level = 1;
    for (;;) {
      let x = this.#seed;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.#seed = x >>> 0;
      if ((this.#seed & 3) !== 0 || level >= maxLevel) return level;
      level++;
    }
  }
}

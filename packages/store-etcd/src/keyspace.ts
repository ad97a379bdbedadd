import { Buffer } from "node:buffer";

/** A key range as etcd's range and delete requests take it: base64 `key` and `range_end`. */
export interface EtcdRange {
  key: string;
  range_end: string;
}

export interface RangeBounds {
  startAfter?: string | undefined;
  endBefore?: string | undefined;
}

/** etcd's "no bound" marker: a range_end of one zero byte means "every key >= key". */
const zeroByte = Buffer.from([0]);

/**
 * Maps Store keys to etcd keys under one namespace prefix, as UTF-8 bytes in base64 (the gateway's
 * encoding of protobuf `bytes`). Every bound is computed on bytes, because etcd orders keys bytewise,
 * which for UTF-8 is the code point order the Store interface requires.
 */
export class Keyspace {
  readonly #prefix: Buffer;

  constructor(prefix: string) {
    this.#prefix = Buffer.from(prefix, "utf8");
  }

  /** The etcd key (base64) of a Store key. */
  encode(key: string): string {
    return this.#bytes(key).toString("base64");
  }

  /** The Store key of an etcd key (base64) inside this namespace. */
  decode(etcdKey: string): string {
    return Buffer.from(etcdKey, "base64").subarray(this.#prefix.length).toString("utf8");
  }

  /**
   * The etcd range holding the Store keys that start with `prefix` and lie strictly between the
   * bounds, or undefined when that range is empty.
   */
  range(prefix: string, bounds: RangeBounds = {}): EtcdRange | undefined {
    const base = this.#bytes(prefix);
    let lower = base;
    if (bounds.startAfter !== undefined) {
      // The smallest key greater than `startAfter` is `startAfter` followed by a zero byte.
      const after = Buffer.concat([this.#bytes(bounds.startAfter), zeroByte]);
      if (Buffer.compare(after, lower) > 0) lower = after;
    }
    let upper = byteSuccessor(base);
    if (bounds.endBefore !== undefined) {
      const before = this.#bytes(bounds.endBefore);
      if (upper === undefined || Buffer.compare(before, upper) < 0) upper = before;
    }
    if (upper !== undefined && Buffer.compare(lower, upper) >= 0) return undefined;
    // etcd has no empty key; one zero byte is the smallest key there is.
    const key = lower.length > 0 ? lower : zeroByte;
    return { key: key.toString("base64"), range_end: (upper ?? zeroByte).toString("base64") };
  }

  #bytes(key: string): Buffer {
    return Buffer.concat([this.#prefix, Buffer.from(key, "utf8")]);
  }
}

/**
 * The smallest byte string greater than every string that starts with `bytes` (etcd's "prefix
 * end"), or undefined when there is none (empty input, or only 0xff bytes). String prefixes and
 * UTF-8 byte prefixes coincide, because UTF-8 is self-synchronising.
 */
export function byteSuccessor(bytes: Buffer): Buffer | undefined {
  for (let end = bytes.length - 1; end >= 0; end--) {
    const last = bytes[end] ?? 0xff;
    if (last < 0xff) {
      const out = Buffer.from(bytes.subarray(0, end + 1));
      out[end] = last + 1;
      return out;
    }
  }
  return undefined;
}

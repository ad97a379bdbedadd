import type { ResourceKind } from "../types.js";
import type { StoredRecord } from "./records.js";

/**
 * The records of one kind in one account and region, in creation order. Records that `isGone`
 * reports (terminated VMs past their retention) are dropped the first time anyone looks; `settle`
 * applies the effects of transitions that completed since (a detach that ended) before anyone sees
 * a record.
 */
export class Table<R extends StoredRecord> {
  readonly kind: ResourceKind;
  readonly #rows = new Map<string, R>();
  // Method syntax keeps Table<VmRecord> assignable to Table<AnyRecord>.
  readonly #hooks: { isGone(row: R): boolean; settle(row: R): void };

  constructor(kind: ResourceKind, isGone: (row: R) => boolean = () => false, settle: (row: R) => void = () => {}) {
    this.kind = kind;
    this.#hooks = { isGone, settle };
  }

  insert(row: R): R {
    this.#rows.set(row.id, row);
    return row;
  }

  find(id: string): R | undefined {
    const row = this.#rows.get(id);
    if (!row) return undefined;
    if (this.#hooks.isGone(row)) {
      this.#rows.delete(id);
      return undefined;
    }
    this.#hooks.settle(row);
    return row;
  }

  /** Every live record, oldest first. */
  all(): R[] {
    const rows: R[] = [];
    for (const row of this.#rows.values()) {
      if (this.#hooks.isGone(row)) {
        this.#rows.delete(row.id);
        continue;
      }
      this.#hooks.settle(row);
      rows.push(row);
    }
    return rows;
  }

  remove(id: string): void {
    this.#rows.delete(id);
  }
}

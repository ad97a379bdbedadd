import type { ResourceKind } from "../types.js";
import type { StoredRecord } from "./records.js";

/**
 * The records of one kind in one account and region, in creation order. Records that `isGone`
 * reports (terminated VMs past their retention) are dropped the first time anyone looks.
 */
export class Table<R extends StoredRecord> {
  readonly kind: ResourceKind;
  readonly #rows = new Map<string, R>();
  // Method syntax keeps Table<VmRecord> assignable to Table<AnyRecord>.
  readonly #expiry: { isGone(row: R): boolean };

  constructor(kind: ResourceKind, isGone: (row: R) => boolean = () => false) {
    this.kind = kind;
    this.#expiry = { isGone };
  }

  insert(row: R): R {
    this.#rows.set(row.id, row);
    return row;
  }

  find(id: string): R | undefined {
    const row = this.#rows.get(id);
    if (row && this.#expiry.isGone(row)) {
      this.#rows.delete(id);
      return undefined;
    }
    return row;
  }

  /** Every live record, oldest first. */
  all(): R[] {
    const rows: R[] = [];
    for (const row of this.#rows.values()) {
      if (this.#expiry.isGone(row)) this.#rows.delete(row.id);
      else rows.push(row);
    }
    return rows;
  }

  remove(id: string): void {
    this.#rows.delete(id);
  }
}

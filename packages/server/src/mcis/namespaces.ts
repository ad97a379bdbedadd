import { alreadyExists, BaristaError, notFound } from "@cloud-barista/core";
import type { Store } from "@cloud-barista/core";

/** A Tumblebug namespace: MCIS live in one. */
export interface NamespaceRecord {
  id: string;
  description: string;
  createdAt: string;
}

/** Every tenant has this namespace without creating it (as Tumblebug's `default`); it cannot be deleted. */
export const defaultNamespace = "default";

const prefix = "server/ns/";

/** A tenant's namespaces, in its own store (so they outlive the process, as its MCIS do). */
export class Namespaces {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async create(id: string, description = ""): Promise<NamespaceRecord> {
    const record: NamespaceRecord = { id, description, createdAt: new Date().toISOString() };
    if (id === defaultNamespace) throw alreadyExists("namespace", id);
    const created = await this.#store.commit([{ op: "put", key: prefix + id, value: JSON.stringify(record) }], {
      conditions: [{ key: prefix + id, revision: null }],
    });
    if (!created) throw alreadyExists("namespace", id);
    return record;
  }

  async get(id: string): Promise<NamespaceRecord> {
    if (id === defaultNamespace) return { id, description: "the default namespace", createdAt: "" };
    const entry = await this.#store.get(prefix + id);
    if (!entry) throw notFound("namespace", id);
    return JSON.parse(entry.value) as NamespaceRecord;
  }

  async list(): Promise<NamespaceRecord[]> {
    const stored = (await this.#store.list(prefix)).map((e) => JSON.parse(e.value) as NamespaceRecord);
    return [await this.get(defaultNamespace), ...stored.sort((a, b) => a.id.localeCompare(b.id))];
  }

  /** Deletes a namespace; `inUse` says whether MCIS still live in it (then Conflict). */
  async delete(id: string, inUse: () => Promise<boolean>): Promise<void> {
    if (id === defaultNamespace) {
      throw new BaristaError("Conflict", "the default namespace cannot be deleted");
    }
    await this.get(id);
    if (await inUse()) {
      throw new BaristaError("Conflict", `namespace "${id}" still holds MCIS: delete them first`);
    }
    await this.#store.delete(prefix + id);
  }
}

import type { Store, StoreOperation } from "@cloud-barista/core";
import { headKey, headPrefix, netBlockKey, netKey, netPrefix, vmKey, vmPrefix } from "./keys.js";
import type { McisRecord, NetworkRecord, VmRecord } from "./records.js";

/** MCIS, VM and default-network records in the core store. */
export class McisStore {
  readonly #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  async head(namespace: string, name: string): Promise<McisRecord | undefined> {
    const entry = await this.#store.get(headKey(namespace, name));
    return entry ? (JSON.parse(entry.value) as McisRecord) : undefined;
  }

  /** MCIS records of one namespace, or of all. */
  async heads(namespace?: string): Promise<McisRecord[]> {
    return (await this.#store.list(headPrefix(namespace))).map((e) => JSON.parse(e.value) as McisRecord);
  }

  /** The VMs of an MCIS, by sub-group order of the record, then index. */
  async vms(head: McisRecord): Promise<VmRecord[]> {
    const vms = (await this.#store.list(vmPrefix(head.namespace, head.name))).map(
      (e) => JSON.parse(e.value) as VmRecord,
    );
    const order = new Map(head.subGroups.map((g, i) => [g.name, i]));
    return vms.sort((a, b) => (order.get(a.subGroup) ?? 0) - (order.get(b.subGroup) ?? 0) || a.index - b.index);
  }

  /**
   * Writes a new MCIS and its VMs' intent records in one step; false (writing nothing) when an
   * MCIS of that name exists, even one made by another process.
   */
  create(head: McisRecord, vms: readonly VmRecord[]): Promise<boolean> {
    const key = headKey(head.namespace, head.name);
    return this.#store.commit(
      [{ op: "put", key, value: JSON.stringify(head) }, ...vms.map((vm) => this.#putVm(head, vm))],
      {
        conditions: [{ key, revision: null }],
      },
    );
  }

  /** Writes the MCIS record and any VM records in one step. */
  async save(head: McisRecord, vms: readonly VmRecord[] = []): Promise<void> {
    await this.#store.commit([
      { op: "put", key: headKey(head.namespace, head.name), value: JSON.stringify(head) },
      ...vms.map((vm) => this.#putVm(head, vm)),
    ]);
  }

  async saveVms(head: { namespace: string; name: string }, vms: readonly VmRecord[]): Promise<void> {
    if (vms.length > 0) await this.#store.commit(vms.map((vm) => this.#putVm(head, vm)));
  }

  /** Removes VM records (and writes the MCIS record) in one step. */
  async removeVms(head: McisRecord, vmIds: readonly string[]): Promise<void> {
    const ops: StoreOperation[] = vmIds.map((id) => ({ op: "delete", key: vmKey(head.namespace, head.name, id) }));
    ops.push({ op: "put", key: headKey(head.namespace, head.name), value: JSON.stringify(head) });
    await this.#store.commit(ops);
  }

  /** Removes an MCIS: its VM records and then the record itself, in one step. */
  async remove(head: McisRecord, vmIds: readonly string[]): Promise<void> {
    const ops: StoreOperation[] = vmIds.map((id) => ({ op: "delete", key: vmKey(head.namespace, head.name, id) }));
    ops.push({ op: "delete", key: headKey(head.namespace, head.name) });
    await this.#store.commit(ops);
  }

  async network(namespace: string, connection: string): Promise<NetworkRecord | undefined> {
    const entry = await this.#store.get(netKey(namespace, connection));
    return entry ? (JSON.parse(entry.value) as NetworkRecord) : undefined;
  }

  /** Default networks of one namespace, or of all. */
  async networks(namespace?: string): Promise<NetworkRecord[]> {
    return (await this.#store.list(netPrefix(namespace))).map((e) => JSON.parse(e.value) as NetworkRecord);
  }

  /**
   * Claims a default network and its CIDR block in one step; false when the connection already has
   * one or another connection of the namespace took the block first.
   */
  createNetwork(record: NetworkRecord): Promise<boolean> {
    const key = netKey(record.namespace, record.connection);
    const block = netBlockKey(record.namespace, record.block);
    return this.#store.commit(
      [
        { op: "put", key, value: JSON.stringify(record) },
        { op: "put", key: block, value: record.connection },
      ],
      {
        conditions: [
          { key, revision: null },
          { key: block, revision: null },
        ],
      },
    );
  }

  async removeNetwork(record: NetworkRecord): Promise<void> {
    await this.#store.commit([
      { op: "delete", key: netKey(record.namespace, record.connection) },
      { op: "delete", key: netBlockKey(record.namespace, record.block) },
    ]);
  }

  #putVm(head: { namespace: string; name: string }, vm: VmRecord): StoreOperation {
    return { op: "put", key: vmKey(head.namespace, head.name, vm.id), value: JSON.stringify(vm) };
  }
}

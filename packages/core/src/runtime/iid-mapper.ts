import type { IID, TrackedType } from "../model/common.js";
import type { ConnectionRuntime } from "./connection-runtime.js";

/**
 * Turns driver IIDs in a cloud's answer into user IIDs: the user's name where the runtime knows
 * the resource, else the cloud's own name. Lookups are remembered for one operation.
 */
export class IidMapper {
  readonly #rt: ConnectionRuntime;
  readonly #memo = new Map<string, Promise<IID>>();

  constructor(rt: ConnectionRuntime) {
    this.#rt = rt;
  }

  user(type: TrackedType, iid: IID): Promise<IID> {
    const key = `${type}/${iid.systemId}`;
    let found = this.#memo.get(key);
    if (!found) {
      found = this.#rt.shared.iids
        .bySystemId(this.#rt.name, type, iid.systemId)
        .then((r) => ({ nameId: r?.name ?? iid.nameId, systemId: iid.systemId }));
      this.#memo.set(key, found);
    }
    return found;
  }

  all(type: TrackedType, iids: readonly IID[]): Promise<IID[]> {
    return Promise.all(iids.map((iid) => this.user(type, iid)));
  }

  async optional(type: TrackedType, iid: IID | undefined): Promise<IID | undefined> {
    return iid === undefined ? undefined : this.user(type, iid);
  }
}

import type { McisStore } from "./mcis-store.js";
import type { VmRecord } from "./records.js";

/**
 * Coalesces VM record updates of one operation into few commits: progress of many VMs in one turn
 * of the event loop becomes one write. Intent records are never written through it (they must be
 * durable before the cloud call); it carries progress the cloud already holds (a VM's id, its
 * status), which reconcile can read back from core after a crash.
 */
export class VmWriter {
  readonly #store: McisStore;
  readonly #mcis: { namespace: string; name: string };
  readonly #queue = new Map<string, VmRecord>();
  #tail: Promise<void> = Promise.resolve();
  #scheduled = false;
  #error: Error | undefined;

  constructor(store: McisStore, mcis: { namespace: string; name: string }) {
    this.#store = store;
    this.#mcis = mcis;
  }

  put(vm: VmRecord): void {
    this.#queue.set(vm.id, vm);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#tail = this.#tail.then(() => this.#drain());
  }

  /** Resolves once every update so far is written; rejects if a write failed. */
  async flush(): Promise<void> {
    await this.#tail;
    if (this.#error !== undefined) throw this.#error;
  }

  async #drain(): Promise<void> {
    // One event-loop turn collects the updates of every VM that progressed meanwhile.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.#scheduled = false;
    const batch = [...this.#queue.values()];
    this.#queue.clear();
    try {
      await this.#store.saveVms(this.#mcis, batch);
    } catch (error) {
      this.#error ??= error instanceof Error ? error : new Error(String(error));
    }
  }
}

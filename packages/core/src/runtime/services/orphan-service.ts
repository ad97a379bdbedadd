import type { OrphanInfo } from "../../model/orphan.js";
import type { ConnectionRuntime } from "../connection-runtime.js";
import { requireOptions } from "../validate.js";
import { operationOptionKeys } from "./options.js";
import type { OperationOptions } from "./options.js";

/** What `orphans.release` released and what is left. */
export interface OrphanReport {
  released: OrphanInfo[];
  remaining: { orphan: OrphanInfo; error: string }[];
}

/**
 * Parts the driver made alongside resources that outlived them (OpenStack floating IPs and ports
 * of failed builds): listed, and released. A driver without an orphan handler makes no such parts.
 */
export class OrphanService {
  readonly #rt: ConnectionRuntime;

  constructor(rt: ConnectionRuntime) {
    this.#rt = rt;
  }

  /** The parts the driver knows to have outlived their resources. */
  async *list(options: OperationOptions = {}): AsyncGenerator<OrphanInfo> {
    requireOptions(options, operationOptionKeys);
    if (!this.#rt.driver.capabilities.handlers.orphan) return;
    const ctx = await this.#rt.context("orphan", undefined, options.abortSignal);
    yield* (await this.#rt.handler("orphan")).list(ctx);
  }

  /** Releases every orphan; what fails to go is reported, not thrown. */
  async release(options: OperationOptions = {}): Promise<OrphanReport> {
    requireOptions(options, operationOptionKeys);
    const report: OrphanReport = { released: [], remaining: [] };
    if (!this.#rt.driver.capabilities.handlers.orphan) return report;
    const ctx = await this.#rt.context("orphan", undefined, options.abortSignal);
    const handler = await this.#rt.handler("orphan");
    const orphans: OrphanInfo[] = [];
    for await (const orphan of handler.list(ctx)) orphans.push(orphan);
    for (const orphan of orphans) {
      try {
        await handler.release(orphan, ctx);
        report.released.push(orphan);
      } catch (error) {
        report.remaining.push({ orphan, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return report;
  }
}

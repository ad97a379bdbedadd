// One SDK instance in its own process, on the SQLite file and the mock front the test shares
// between processes: it runs one operation and reports on stdout, one JSON line per event. Run by
// cross-process.test.ts as `node --conditions=source --import scripts/ts-source-hooks.mjs child.ts <json>`.
import { createCloudBarista, isBaristaError, openSqliteStore, scaledClock } from "@cloud-barista/core";
import type { VmRequest } from "@cloud-barista/core";
import { createMockDriver } from "../../src/index.js";

export interface ChildArgs {
  dbPath: string;
  endpoint: string;
  encryptionKeyHex: string;
  clockScale: number;
  /** The parent's clock origin, so that every process reads the same emulated time. */
  clockOriginMs: number;
  leaseTtlMs: number;
  pendingSettleMs: number;
  operation:
    | { kind: "createVm"; request: VmRequest; retryWhileSettling?: boolean }
    | { kind: "deleteSecurityGroup"; name: string };
}

/** What a child reports, one line each. */
export type ChildEvent =
  | { event: "started"; pid: number }
  | { event: "refused"; code: string; rule?: string; retryable: boolean; message: string }
  | { event: "done"; systemId?: string; at: number }
  | { event: "failed"; code: string; rule?: string; retryable: boolean; message: string; at: number };

const args = JSON.parse(process.argv[2] ?? "{}") as ChildArgs;
const report = (event: ChildEvent): void => void process.stdout.write(`${JSON.stringify(event)}\n`);
const describe = (error: unknown) =>
  isBaristaError(error)
    ? {
        code: error.code,
        ...(error.rule ? { rule: error.rule } : {}),
        retryable: error.retryable,
        message: error.message,
      }
    : { code: "Unknown", retryable: false, message: String(error) };

const clock = scaledClock(args.clockScale, args.clockOriginMs);
const store = await openSqliteStore({ path: args.dbPath, busyTimeoutMs: 10_000 });
const barista = createCloudBarista({
  store,
  clock,
  encryptionKey: args.encryptionKeyHex,
  leaseTtlMs: args.leaseTtlMs,
  timeouts: { pendingSettleMs: args.pendingSettleMs },
});
barista.drivers.register(createMockDriver({ endpoint: args.endpoint }));
const conn = await barista.connection("seoul");
report({ event: "started", pid: process.pid });
// Starting takes a while; the parent starts children early and says when to act.
await new Promise((resolve) => process.stdin.once("data", resolve));
process.stdin.destroy();

const { operation } = args;
try {
  if (operation.kind === "createVm") {
    for (;;) {
      try {
        const vm = await conn.vm.create(operation.request, { wait: false });
        report({ event: "done", systemId: vm.iid.systemId, at: Date.now() });
        break;
      } catch (error) {
        // A claim whose creator is gone settles after pendingSettleMs: say so, wait, and try again.
        if (!operation.retryWhileSettling || !isBaristaError(error, "Conflict") || !error.retryable) throw error;
        report({ event: "refused", ...describe(error) });
        await clock.sleep(args.pendingSettleMs / 4);
      }
    }
  } else {
    await conn.securityGroup.delete(operation.name);
    report({ event: "done", at: Date.now() });
  }
} catch (error) {
  report({ event: "failed", ...describe(error), at: Date.now() });
}
await barista.close();
await store.close();

// The kill part's victim: provisions an MCIS through driver-mock's remote mode (the world lives
// in the parent, behind the mock front) with its store in an SQLite file, and may be killed at any
// point. Started by crash-run.ts through startChaosChild.
import { createCloudBarista, openSqliteStore, scaledClock } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { createMcisService } from "@cloud-barista/mcis";
import type { PartialFailurePolicy } from "@cloud-barista/mcis";
import { KillingStore } from "./killing-store.js";

export interface ChildArgs {
  endpoint: string;
  dbPath: string;
  encryptionKeyHex: string;
  clockScale: number;
  /** The parent's clock origin, so both processes read the same emulated time. */
  clockOriginMs: number;
  policy: PartialFailurePolicy;
  /** Kill before/after this counted store write (the front kills at calls itself). */
  killAtWrite?: number;
  phase: "before" | "after";
}

const args = JSON.parse(process.argv[2] ?? "{}") as ChildArgs;
const clock = scaledClock(args.clockScale, args.clockOriginMs);
const sqlite = await openSqliteStore({ path: args.dbPath, busyTimeoutMs: 10_000 });
const store = new KillingStore(sqlite, args.killAtWrite, args.phase);
const barista = createCloudBarista({
  store,
  clock,
  encryptionKey: args.encryptionKeyHex,
  history: { flushIntervalMs: 50 },
});
barista.drivers.register(createMockDriver({ endpoint: args.endpoint, pageSize: 50 }));
const mcis = createMcisService({ barista, store, statusPollMs: 500, runningTimeoutMs: 60_000 });

const ref = { namespace: "crash", name: "fleet" };
await mcis.createDynamic({
  ...ref,
  policy: args.policy,
  subGroups: [
    { name: "g1", connection: "seoul", spec: "small", image: "ubuntu 24.04", size: 2 },
    { name: "g2", connection: "virginia", spec: "mock-micro", image: "debian", size: 2 },
  ],
});
await mcis.scaleOut({ ...ref, subGroup: "g1" }, 1);
await mcis.delete({ ...ref, vm: "g2-1" }, { terminate: true });
await mcis.suspend({ ...ref, subGroup: "g1" });
await barista.close();
process.stdout.write(`${JSON.stringify({ writes: store.writes })}\n`);
await store.close();

// One SDK instance in its own process of the processes part: on the shared store (an SQLite file
// or an etcd), against the world the parent serves behind the mock front, it creates and deletes
// the same few names as its siblings, at random, and prints one JSON line with what it saw.
// Started by processes.ts through startChaosChild.
import { createCloudBarista, isBaristaError, openSqliteStore, scaledClock } from "@cloud-barista/core";
import type { Store } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { openEtcdStore } from "@cloud-barista/store-etcd";

export interface ProcessChildArgs {
  store: { kind: "sqlite"; path: string } | { kind: "etcd"; endpoints: string[]; prefix: string };
  endpoint: string;
  encryptionKeyHex: string;
  clockScale: number;
  clockOriginMs: number;
  leaseTtlMs: number;
  pendingSettleMs: number;
  /** Real time (epoch ms) at which every process starts at once. */
  startAt: number;
  seed: number;
  rounds: number;
  names: string[];
}

export interface ProcessChildReport {
  operations: number;
  succeeded: number;
  /** Failed operations by error code. */
  errors: Record<string, number>;
  /** Failures that were no BaristaError. */
  untyped: string[];
}

const args = JSON.parse(process.argv[2] ?? "{}") as ProcessChildArgs;
const clock = scaledClock(args.clockScale, args.clockOriginMs);
const store: Store =
  args.store.kind === "sqlite"
    ? await openSqliteStore({ path: args.store.path, busyTimeoutMs: 10_000 })
    : await openEtcdStore({ endpoints: args.store.endpoints, prefix: args.store.prefix });
const barista = createCloudBarista({
  store,
  clock,
  encryptionKey: args.encryptionKeyHex,
  leaseTtlMs: args.leaseTtlMs,
  timeouts: { pendingSettleMs: args.pendingSettleMs },
});
barista.drivers.register(createMockDriver({ endpoint: args.endpoint }));
const conn = await barista.connection("seoul");

let seed = args.seed >>> 0 || 1;
const draw = (n: number): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
};

const report: ProcessChildReport = { operations: 0, succeeded: 0, errors: {}, untyped: [] };
const actions = [
  // A VM on the name's own security group: a create that races that group's delete.
  (name: string) =>
    conn.vm.create(
      {
        name: `vm-${name}`,
        image: "mock-ubuntu-2404-amd64",
        specName: "mock-small",
        vpcName: "net",
        subnetName: "web",
        securityGroupNames: [`sg-${name}`],
        keyPairName: "key",
      },
      { wait: false },
    ),
  (name: string) => conn.vm.delete(`vm-${name}`),
  (name: string) => conn.securityGroup.create({ name: `sg-${name}`, vpcName: "net", rules: [] }),
  (name: string) => conn.securityGroup.delete(`sg-${name}`),
  (name: string) => conn.keyPair.create({ name: `key-${name}` }),
  (name: string) => conn.keyPair.delete(`key-${name}`),
  (name: string) =>
    conn.vpc.addSubnet("net", { name: `sub-${name}`, ipv4Cidr: `10.0.${10 + args.names.indexOf(name)}.0/24` }),
  (name: string) => conn.vpc.removeSubnet("net", `sub-${name}`),
];

await new Promise((resolve) => setTimeout(resolve, Math.max(0, args.startAt - Date.now())));
for (let i = 0; i < args.rounds; i++) {
  const name = args.names[draw(args.names.length)] ?? "a";
  const action = actions[draw(actions.length)];
  if (!action) continue;
  report.operations++;
  try {
    await action(name);
    report.succeeded++;
  } catch (error) {
    const code = isBaristaError(error) ? `${error.code}${error.rule ? `/${error.rule}` : ""}` : "untyped";
    report.errors[code] = (report.errors[code] ?? 0) + 1;
    if (!isBaristaError(error))
      report.untyped.push(error instanceof Error ? `${error.name}: ${error.message}` : typeof error);
  }
}
await barista.close();
await store.close();
process.stdout.write(`${JSON.stringify(report)}\n`);

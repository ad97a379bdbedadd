import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { VirtualClock, collect, createCloudBarista, openSqliteStore } from "@cloud-barista/core";
import type { CallSummary, DestroyReport, VmInfo } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { createMockDriver } from "@cloud-barista/driver-mock";

/**
 * The README's example, runnable: `node examples/dist/src/quick-start.js`. Re-runnable: the store
 * file and its key stay, registration uses `ensure`, and the resources are deleted at the end.
 */
export async function quickStart(path: string): Promise<{
  vm: VmInfo;
  summary: Record<string, CallSummary>;
  report: DestroyReport;
}> {
  // #region quick-start
  const clock = new VirtualClock(); // the emulator's VMs boot in virtual time: instant
  const store = await openSqliteStore({ path });
  // The key that seals credentials in the store, kept beside it here so that a second run opens
  // them; in production: your own key, e.g. from a secret manager.
  const keyFile = `${path}.key`;
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString("hex"), { mode: 0o600 });
  const barista = createCloudBarista({ store, encryptionKey: readFileSync(keyFile, "utf8"), clock });
  barista.drivers.register(createMockDriver({ world: new World({ clock }) }));
  // ensure: adds, or finds the same entry from a run before (a different one is an error; upsert replaces).
  await barista.credentials.ensure({ name: "mock-cred", provider: "MOCK", values: { mockName: "tenant-a" } });
  await barista.regions.ensure({ name: "seoul", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
  await barista.connections.ensure({ name: "seoul", driver: "mock", credential: "mock-cred", region: "seoul" });

  const seoul = await barista.connection("seoul");
  const image = (await collect(seoul.metadata.images())).find((i) => i.osPlatform === "Linux/UNIX");
  const spec = (await collect(seoul.metadata.specs())).find((s) => s.architecture === "x86_64");
  if (!image || !spec) throw new Error("no Linux image or x86_64 spec");
  await seoul.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] });
  await seoul.securityGroup.create({
    name: "ssh",
    vpcName: "net",
    rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
  });
  const key = await seoul.keyPair.create({ name: "me" }); // key.privateKey: returned this once
  const vm = await seoul.vm.create({
    name: "web-1",
    image: image.id,
    specName: spec.name,
    vpcName: "net",
    subnetName: "web",
    securityGroupNames: ["ssh"],
    keyPairName: key.iid.nameId,
  }); // returns when the VM is Running
  const summary = await barista.history.summarize({ groupBy: "api" }); // every cloud call, timed
  console.log(vm.status, vm.publicIp, summary);
  const report = await seoul.destroyAll(); // VMs, then groups and keys, then the network
  console.log(report.allDestroyed ? "all deleted" : report.byType);
  await barista.close();
  await store.close();
  // #endregion
  return { vm, summary, report };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await quickStart("cloud-barista.db");

import { randomBytes, randomUUID } from "node:crypto";
import { Agent } from "node:https";
import { ComputeManagementClient } from "@azure/arm-compute";
import { NetworkManagementClient } from "@azure/arm-network";
import { ClientSecretCredential } from "@azure/identity";
import { MemoryStore, createCloudBarista } from "@cloud-barista/core";
import { createAzureDriver, resourceGroupOf } from "@cloud-barista/driver-azure";
import { World } from "@cloud-barista/emulator";
import { startAzureFront } from "@cloud-barista/emulator/azure";
import { median, report } from "./report.js";

// What a read through the runtime and driver-azure costs over the same read made with the bare
// Azure SDK, both over HTTPS to the same emulated Azure front (loopback, no simulated latency),
// with the same credential (its token cached after the first call). Each pair makes exactly one
// ARM call per operation.

const iterations = 200;
const repeats = 5;
const region = "koreacentral";

async function timePerOp(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await run(); // warm up sockets, tokens and JIT
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await run();
    samples.push(((performance.now() - started) * 1000) / iterations);
  }
  return median(samples);
}

const round = (n: number): number => Math.round(n * 100) / 100;

function line(metric: string, value: number, baseline: number): void {
  report({
    bench: "azure-overhead",
    metric,
    value: round(value),
    unit: "us/op",
    baseline: round(baseline),
    ratio: round(value / baseline),
  });
}

/** Prints one JSON line per operation: runtime + driver-azure vs the raw SDK call, per operation. */
export async function azureOverheadBench(): Promise<void> {
  const ids = { tenantId: randomUUID(), clientId: randomUUID(), subscriptionId: randomUUID() };
  const clientSecret = randomBytes(24).toString("base64url");
  const world = new World({ rateLimits: false });
  world.identities.add({
    provider: "AZURE",
    key: `${ids.tenantId}/${ids.clientId}`,
    secret: clientSecret,
    account: ids.subscriptionId,
  });
  const front = await startAzureFront({ world, operationMs: 0 });
  const agent = new Agent({ ca: front.caCertificate, keepAlive: true });
  const store = new MemoryStore();
  const barista = createCloudBarista({ store, encryptionKey: randomBytes(32) });
  const pipeline = { agent, retryOptions: { maxRetries: 0 } };
  const credential = new ClientSecretCredential(ids.tenantId, ids.clientId, clientSecret, {
    ...pipeline,
    authorityHost: front.url,
    disableInstanceDiscovery: true,
  });
  const network = new NetworkManagementClient(credential, ids.subscriptionId, { ...pipeline, endpoint: front.url });
  const compute = new ComputeManagementClient(credential, ids.subscriptionId, { ...pipeline, endpoint: front.url });
  try {
    barista.drivers.register(createAzureDriver({ transport: { httpsAgent: agent } }));
    await barista.credentials.add({ name: "c", provider: "AZURE", values: { ...ids, clientSecret } });
    await barista.regions.add({ name: "r", provider: "AZURE", region, zone: "1" });
    await barista.connections.add({
      name: "bench",
      driver: "azure",
      credential: "c",
      region: "r",
      endpoint: front.url,
    });
    const conn = await barista.connection("bench");
    const group = resourceGroupOf("bench");
    const vpc = await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const key = await conn.keyPair.create({ name: "key" });
    const nameOf = (id: string) => id.split("/").pop() ?? "";

    const vnetRaw = await timePerOp(() => network.virtualNetworks.get(group, nameOf(vpc.iid.systemId)));
    const vnetRuntime = await timePerOp(() => conn.vpc.get("net"));
    line("vpc.get/VirtualNetworks_Get", vnetRuntime, vnetRaw);

    const keyRaw = await timePerOp(() => compute.sshPublicKeys.get(group, nameOf(key.iid.systemId)));
    const keyRuntime = await timePerOp(() => conn.keyPair.get("key"));
    line("keyPair.get/SshPublicKeys_Get", keyRuntime, keyRaw);
  } finally {
    await barista.close();
    await store.close();
    agent.destroy();
    await front.close();
  }
}

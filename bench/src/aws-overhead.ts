import { randomBytes } from "node:crypto";
import { DescribeKeyPairsCommand, DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { MemoryStore, createCloudBarista } from "@cloud-barista/core";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { World } from "@cloud-barista/emulator";
import { startAwsFront } from "@cloud-barista/emulator/aws";
import { median, report } from "./report.js";

// What a read through the runtime and driver-aws costs over the same read made with the bare AWS
// SDK, both over HTTP to the same emulated AWS front (loopback, no simulated latency). Each pair
// makes exactly one EC2 call per operation, so the ratio is the SDK's own cost plus ours (lock,
// IID lookup, retry wrapper, call-history record, result mapping) over the SDK's alone.

const iterations = 300;
const repeats = 5;
const region = "ap-northeast-2";
const credentials = { accessKeyId: "AKIABENCHMARK0000001", secretAccessKey: "bench/secret" };

async function timePerOp(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i++) await run(); // warm up sockets and JIT
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
    bench: "aws-overhead",
    metric,
    value: round(value),
    unit: "us/op",
    baseline: round(baseline),
    ratio: round(value / baseline),
  });
}

/** Prints one JSON line per operation: runtime + driver-aws vs the raw SDK call, per operation. */
export async function awsOverheadBench(): Promise<void> {
  const world = new World({ rateLimits: false });
  world.identities.add({
    provider: "AWS",
    key: credentials.accessKeyId,
    secret: credentials.secretAccessKey,
    account: "111122223333",
  });
  const front = await startAwsFront({ world });
  const store = new MemoryStore();
  const barista = createCloudBarista({ store, encryptionKey: randomBytes(32) });
  const raw = new EC2Client({ region, endpoint: front.url, credentials, maxAttempts: 1 });
  try {
    barista.drivers.register(createAwsDriver());
    await barista.credentials.add({ name: "c", provider: "AWS", values: credentials });
    await barista.regions.add({ name: "r", provider: "AWS", region, zone: `${region}a` });
    await barista.connections.add({ name: "bench", driver: "aws", credential: "c", region: "r", endpoint: front.url });
    const conn = await barista.connection("bench");
    await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [] });
    const group = await conn.securityGroup.create({ name: "web", vpcName: "net", rules: [] });
    const key = await conn.keyPair.create({ name: "key" });

    const keyRaw = await timePerOp(() =>
      raw.send(new DescribeKeyPairsCommand({ KeyNames: [key.iid.systemId], IncludePublicKey: true })),
    );
    const keyRuntime = await timePerOp(() => conn.keyPair.get("key"));
    line("keyPair.get/DescribeKeyPairs", keyRuntime, keyRaw);

    const groupRaw = await timePerOp(() =>
      raw.send(new DescribeSecurityGroupsCommand({ GroupIds: [group.iid.systemId] })),
    );
    const groupRuntime = await timePerOp(() => conn.securityGroup.get("web"));
    line("securityGroup.get/DescribeSecurityGroups", groupRuntime, groupRaw);
  } finally {
    raw.destroy();
    await barista.close();
    await store.close();
    await front.close();
  }
}

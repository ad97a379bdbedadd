import { randomBytes } from "node:crypto";
import * as ec2 from "@aws-sdk/client-ec2";
import { EC2Client } from "@aws-sdk/client-ec2";
import { MemoryStore, collect, createCloudBarista } from "@cloud-barista/core";
import type { Connection } from "@cloud-barista/core";
import { awsVendorClients, createAwsDriver } from "@cloud-barista/driver-aws";
import { startEmulatorProcess } from "./overhead/emulator-client.js";
import { measurePaired, pairedSettings } from "./overhead/paired.js";
import type { PairedCase } from "./overhead/paired.js";
import { replay } from "./overhead/replay.js";
import type { Send, Step } from "./overhead/replay.js";

// Every operation of driver-aws through the runtime against the same EC2 calls made with the bare
// AWS SDK (@aws-sdk/client-ec2, one client, SDK retries off as in the driver), over HTTP to the
// emulator's AWS front in another process. The raw side replays exactly the calls the runtime made
// (recorded once per operation), so both sides pay the same round trips; what differs is the
// runtime: validation, lock, IID lookups, retry wrapper, call history, mapping of the answer.

const bench = "aws-overhead";

/** A middleware on the driver's own EC2 client that records each command, input and answer while on. */
interface Recorder {
  record<T>(run: () => Promise<T>): Promise<Step[]>;
}

async function recorderOf(conn: Connection): Promise<Recorder> {
  const client = (await awsVendorClients(conn)).ec2();
  let steps: Step[] | undefined;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const step: Step = { api: context.commandName ?? "", input: structuredClone(args.input), output: undefined };
      steps?.push(step);
      try {
        const result = await next(args);
        step.output = structuredClone(result.output);
        return result;
      } catch (error) {
        step.failed = true;
        throw error;
      }
    },
    { step: "initialize", name: "benchRecorder" },
  );
  return {
    async record(run) {
      steps = [];
      try {
        await run();
        return steps;
      } finally {
        steps = undefined;
      }
    },
  };
}

/** Raw: the SDK command of that name, sent on the bench's own client. */
function sender(raw: EC2Client): Send {
  const commands = ec2 as unknown as Record<string, new (input: unknown) => never>;
  return (api, input) => {
    const Command = commands[api];
    if (!Command) throw new Error(`no ${api} in @aws-sdk/client-ec2`);
    return raw.send(new Command(input));
  };
}

export async function awsOverheadBench(): Promise<void> {
  const emulator = await startEmulatorProcess();
  const front = emulator.fronts["AWS"];
  if (!front) throw new Error("the emulator serves no AWS front");
  const store = new MemoryStore();
  const barista = createCloudBarista({ store, encryptionKey: randomBytes(32) });
  const endpoint = front.endpoint;
  const credentials = {
    accessKeyId: front.credential["accessKeyId"] ?? "",
    secretAccessKey: front.credential["secretAccessKey"] ?? "",
  };
  const raw = new EC2Client({ region: front.region, endpoint, credentials, maxAttempts: 1 });
  try {
    barista.drivers.register(createAwsDriver());
    await barista.credentials.add({ name: "c", provider: "AWS", values: front.credential });
    await barista.regions.add({
      name: "r",
      provider: "AWS",
      region: front.region,
      ...(front.zone ? { zone: front.zone } : {}),
    });
    await barista.connections.add({ name: "bench", driver: "aws", credential: "c", region: "r", endpoint });
    const conn = await barista.connection("bench");
    const recorder = await recorderOf(conn);
    const send = sender(raw);

    await conn.vpc.create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "a", ipv4Cidr: "10.0.1.0/24" }] });
    await conn.securityGroup.create({ name: "web", vpcName: "net", rules: [] });
    await conn.keyPair.create({ name: "key" });
    await conn.disk.create({ name: "data", diskSizeGB: 10 });
    const images = await collect(conn.metadata.images());
    const image = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64")?.id ?? "";
    const specs = await collect(conn.metadata.specs());
    const spec = specs.find((s) => s.name === "t3.micro")?.name ?? specs[0]?.name ?? "";
    const vmRequest = (name: string) => ({
      name,
      image,
      specName: spec,
      vpcName: "net",
      subnetName: "a",
      securityGroupNames: ["web"],
      keyPairName: "key",
    });
    await conn.vm.create(vmRequest("vm"), { wait: false });

    /** A read: the raw side replays the calls the runtime made for it. */
    const read = async (metric: string, run: () => Promise<unknown>): Promise<PairedCase> => {
      const steps = await recorder.record(run);
      return { metric, runtime: run, raw: () => replay(steps, send, new Map()), calls: steps.length };
    };
    /** A create-then-delete cycle under a fresh name each time, replayed raw under other names. */
    const cycle = async (metric: string, run: (name: string) => Promise<unknown>): Promise<PairedCase> => {
      const steps = await recorder.record(() => run("recorded0"));
      if (process.env["BENCH_DEBUG"]) process.stderr.write(`${metric}: ${steps.map((s) => s.api).join(" ")}\n`);
      return {
        metric,
        runtime: (i) => run(`rt${i}x`),
        raw: (i) => replay(steps, send, new Map([["recorded0", `raw${i}x`]])),
        calls: steps.length,
      };
    };
    const drain = (it: AsyncIterable<unknown>) => collect(it);

    const cases: PairedCase[] = [
      await read("vpc.get", () => conn.vpc.get("net")),
      await read("vpc.list", () => drain(conn.vpc.list())),
      await read("securityGroup.get", () => conn.securityGroup.get("web")),
      await read("securityGroup.list", () => drain(conn.securityGroup.list())),
      await read("keyPair.get", () => conn.keyPair.get("key")),
      await read("keyPair.list", () => drain(conn.keyPair.list())),
      await read("vm.get", () => conn.vm.get("vm")),
      await read("vm.get.details", () => conn.vm.get("vm", { details: true })),
      await read("vm.list", () => drain(conn.vm.list())),
      await read("vm.list.details", () => drain(conn.vm.list({ details: true }))),
      await read("vm.getStatus", () => conn.vm.getStatus("vm")),
      await read("disk.get", () => conn.disk.get("data")),
      await read("disk.list", () => drain(conn.disk.list())),
      await read("image.list.refresh", () => drain(conn.metadata.images({ refresh: true }))),
      await read("spec.list.refresh", () => drain(conn.metadata.specs({ refresh: true }))),
      {
        metric: "image.get.cached",
        runtime: () => conn.metadata.image(image),
        raw: () => send("DescribeImagesCommand", { ImageIds: [image] }),
        calls: 0,
        note: "runtime answers from its metadata cache; raw makes the DescribeImages the driver's get would",
      },
      {
        metric: "spec.get.cached",
        runtime: () => conn.metadata.spec(spec),
        raw: () => send("DescribeInstanceTypesCommand", { InstanceTypes: [spec] }),
        calls: 0,
        note: "runtime answers from its metadata cache; raw makes the DescribeInstanceTypes the driver's get would",
      },
      await cycle("vpc.create+delete", async (name) => {
        await conn.vpc.create({ name, ipv4Cidr: "10.9.0.0/16", subnets: [] });
        await conn.vpc.delete(name);
      }),
      await cycle("securityGroup.create+delete", async (name) => {
        await conn.securityGroup.create({ name, vpcName: "net", rules: [] });
        await conn.securityGroup.delete(name);
      }),
      await cycle("keyPair.create+delete", async (name) => {
        await conn.keyPair.create({ name });
        await conn.keyPair.delete(name);
      }),
      await cycle("disk.create+delete", async (name) => {
        await conn.disk.create({ name, diskSizeGB: 10 });
        await conn.disk.delete(name);
      }),
      await cycle("vm.create+delete", async (name) => {
        await conn.vm.create(vmRequest(name), { wait: false });
        await conn.vm.delete(name);
      }),
    ];
    const only = process.env["BENCH_ONLY"];
    for (const latencyMs of [0, 20]) {
      await emulator.setLatency(latencyMs);
      for (const c of cases) {
        if (only && !c.metric.includes(only)) continue;
        await measurePaired(bench, c, pairedSettings(latencyMs), latencyMs);
      }
    }
  } finally {
    raw.destroy();
    await barista.close();
    await store.close();
    await emulator.close();
  }
}

import { randomBytes } from "node:crypto";
import * as ec2 from "@aws-sdk/client-ec2";
import { EC2Client } from "@aws-sdk/client-ec2";
import { MemoryStore, collect, createCloudBarista } from "@cloud-barista/core";
import type { Connection } from "@cloud-barista/core";
import { awsVendorClients, createAwsDriver } from "@cloud-barista/driver-aws";
import { startEmulatorProcess } from "./overhead/emulator-client.js";
import type { PairedCase } from "./overhead/paired.js";
import { EventCounter } from "./overhead/replay.js";
import type { Send } from "./overhead/replay.js";
import {
  StepLog,
  cachedCases,
  caseMaker,
  commonCases,
  commonResources,
  recordCall,
  runCases,
} from "./overhead/suite.js";
import type { Recorder } from "./overhead/suite.js";

// Every operation of driver-aws through the runtime against the same EC2 calls made with the bare
// AWS SDK (@aws-sdk/client-ec2, one client, SDK retries off as in the driver), over HTTP to the
// emulator's AWS front in another process. The raw side replays exactly the calls the runtime made
// (recorded once per operation), so both sides pay the same round trips; what differs is the
// runtime: validation, lock, IID lookups, retry wrapper, call history, mapping of the answer.

const bench = "aws-overhead";

/** A middleware on the driver's own EC2 client that records each command, input and answer while on. */
async function recorderOf(conn: Connection): Promise<Recorder> {
  const client = (await awsVendorClients(conn)).ec2();
  const log = new StepLog();
  const events = new EventCounter();
  client.middlewareStack.add(
    (next, context) => (args) =>
      recordCall(
        log,
        events,
        { api: context.commandName ?? "", input: args.input },
        () => next(args),
        (result) => result.output,
      ),
    { step: "initialize", name: "benchRecorder" },
  );
  return log;
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
    const send = sender(raw);

    const images = await collect(conn.metadata.images());
    const image = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64")?.id ?? "";
    const specs = await collect(conn.metadata.specs());
    const specName = specs.find((s) => s.name === "t3.micro")?.name ?? specs[0]?.name ?? "";
    await commonResources(conn, { image, specName }, 10);

    const make = caseMaker(await recorderOf(conn), send);
    const cases: PairedCase[] = [
      ...(await commonCases(conn, make, { image, specName }, 10)),
      ...cachedCases(
        conn,
        { image, specName },
        {
          image: ["DescribeImages", () => send("DescribeImagesCommand", { ImageIds: [image] })],
          spec: ["DescribeInstanceTypes", () => send("DescribeInstanceTypesCommand", { InstanceTypes: [specName] })],
        },
      ),
    ];
    await runCases(bench, emulator, cases);
  } finally {
    raw.destroy();
    await barista.close();
    await store.close();
    await emulator.close();
  }
}

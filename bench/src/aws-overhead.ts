import * as ec2 from "@aws-sdk/client-ec2";
import { EC2Client } from "@aws-sdk/client-ec2";
import type { Connection } from "@cloud-barista/core";
import { awsVendorClients, createAwsDriver } from "@cloud-barista/driver-aws";
import { openBenchConnection } from "./overhead/connection.js";
import { startEmulatorProcess } from "./overhead/emulator-client.js";
import type { PairedCase } from "./overhead/paired.js";
import { EventCounter } from "./overhead/replay.js";
import type { Send } from "./overhead/replay.js";
import { StepLog, cachedCases, caseMaker, commonCases, recordCall, runCases } from "./overhead/suite.js";
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
  try {
    const front = emulator.fronts["AWS"];
    if (!front) throw new Error("the emulator serves no AWS front");
    const endpoint = front.endpoint;
    const credentials = {
      accessKeyId: front.credential["accessKeyId"] ?? "",
      secretAccessKey: front.credential["secretAccessKey"] ?? "",
    };
    const opened = await openBenchConnection(createAwsDriver(), front, { specName: "t3.micro", endpoint });
    const raw = new EC2Client({ region: front.region, endpoint, credentials, maxAttempts: 1 });
    try {
      const { conn, basis } = opened;
      const send = sender(raw);
      const make = caseMaker(await recorderOf(conn), send);
      const cases: PairedCase[] = [
        ...(await commonCases(conn, make, basis, 10)),
        ...cachedCases(conn, basis, {
          image: ["DescribeImages", () => send("DescribeImagesCommand", { ImageIds: [basis.image] })],
          spec: [
            "DescribeInstanceTypes",
            () => send("DescribeInstanceTypesCommand", { InstanceTypes: [basis.specName] }),
          ],
        }),
      ];
      await runCases(bench, emulator, cases);
    } finally {
      raw.destroy();
      await opened.close();
    }
  } finally {
    await emulator.close();
  }
}

import * as ec2 from "@aws-sdk/client-ec2";
import { EC2Client } from "@aws-sdk/client-ec2";
import type { Connection } from "@cloud-barista/core";
import { awsVendorClients, createAwsDriver } from "@cloud-barista/driver-aws";
import { withDriverBench } from "./overhead/connection.js";
import type { PairedCase } from "./overhead/paired.js";
import type { Send } from "./overhead/replay.js";
import { StepLog, cachedCases, caseMaker, commonCases, runCases } from "./overhead/suite.js";
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
  client.middlewareStack.add(
    (next, context) => (args) =>
      log.track(
        context.commandName ?? "",
        () => structuredClone(args.input),
        () => next(args),
        (result) => structuredClone(result.output),
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
  const options = { provider: "AWS", driver: () => createAwsDriver(), specName: "t3.micro" } as const;
  await withDriverBench(options, async ({ emulator, front, conn, basis }) => {
    const credentials = {
      accessKeyId: front.credential["accessKeyId"] ?? "",
      secretAccessKey: front.credential["secretAccessKey"] ?? "",
    };
    const raw = new EC2Client({ region: front.region, endpoint: front.endpoint, credentials, maxAttempts: 1 });
    try {
      const send = sender(raw);
      const { image, specName } = basis;
      const make = caseMaker(await recorderOf(conn), send);
      const cases: PairedCase[] = [
        ...(await commonCases(conn, make, basis, 10)),
        ...cachedCases(conn, basis, {
          image: ["DescribeImages", () => send("DescribeImagesCommand", { ImageIds: [image] })],
          spec: ["DescribeInstanceTypes", () => send("DescribeInstanceTypesCommand", { InstanceTypes: [specName] })],
        }),
      ];
      await runCases(bench, emulator, cases);
    } finally {
      raw.destroy();
    }
  });
}

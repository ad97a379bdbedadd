import { Agent } from "node:https";
import { createNetworkManagement } from "@azure/arm-network/api";
import { ClientSecretCredential } from "@azure/identity";
import type { Connection } from "@cloud-barista/core";
import { azureVendorClients, createAzureDriver } from "@cloud-barista/driver-azure";
import { withDriverBench } from "./overhead/connection.js";
import type { FrontInfo } from "./overhead/connection.js";
import { EventCounter } from "./overhead/replay.js";
import type { IsId, Send, Step } from "./overhead/replay.js";
import { StepLog, caseMaker, commonCases, runCases } from "./overhead/suite.js";
import type { Recorder } from "./overhead/suite.js";

// Every operation of driver-azure through the runtime against the same ARM requests made raw with
// the Azure SDK's REST client (`@azure/arm-network/api`'s context: the SDK's own pipeline, bearer
// token policy and https agent, SDK retries off as in the driver), over HTTPS to the emulator's
// Azure front in another process. The raw side replays exactly the requests the runtime made
// (recorded once per operation by a policy on the driver's own pipelines, operation polls
// included), with its own client-secret credential (its token cached after the first call). The raw
// side skips the typed clients' model (de)serialization, which the runtime side pays inside the
// SDK: what `overhead` shows is the runtime's and the driver's work plus that, never less.

const bench = "azure-overhead";

/** A raw request as the replay sends it: method, absolute URL (with api-version) and JSON body. */
interface RawRequest {
  method: string;
  url: string;
  body?: unknown;
}

/** What a step's answer keeps: its body and where its long-running operation is polled. */
interface RawAnswer {
  body: unknown;
  asyncOperation?: string;
  location?: string;
}

/** A pipeline policy as core-rest-pipeline takes it (the bench adds it to the driver's pipelines). */
interface WirePolicy {
  name: string;
  sendRequest(
    request: { method: string; url: string; body?: unknown },
    next: (request: unknown) => Promise<{
      status: number;
      bodyAsText?: string | null;
      headers: { get(name: string): string | undefined };
    }>,
  ): Promise<unknown>;
}

interface WithPipeline {
  pipeline: { addPolicy(policy: WirePolicy, options?: { phase?: string }): void };
}

const parse = (text: string | null | undefined): unknown => {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** A policy on each of the connection's SDK pipelines that records each request and answer while on. */
async function recorderOf(conn: Connection): Promise<Recorder> {
  const clients = (await azureVendorClients(conn)) as unknown as Record<string, WithPipeline>;
  const log = new StepLog();
  const events = new EventCounter();
  const policy: WirePolicy = {
    name: "benchRecorder",
    async sendRequest(request, next) {
      if (!log.recording) return next(request);
      const url = new URL(request.url);
      const input: RawRequest = {
        method: request.method,
        url: request.url,
        ...(typeof request.body === "string" ? { body: parse(request.body) } : {}),
      };
      const step: Step = { api: `${request.method} ${url.pathname}`, input, output: undefined, started: events.next() };
      log.add(step);
      const response = await next(request);
      const answer: RawAnswer = {
        body: parse(response.bodyAsText),
        ...operationOf(response.headers),
      };
      step.output = answer;
      step.failed = response.status >= 400;
      step.ended = events.next();
      return response;
    },
  };
  // The typed clients and the REST context the driver polls operations with.
  for (const name of ["network", "compute", "resources", "subscriptions", "raw"]) {
    clients[name]?.pipeline.addPolicy(policy);
  }
  return log;
}

function operationOf(headers: { get(name: string): string | undefined }): Omit<RawAnswer, "body"> {
  const asyncOperation = headers.get("azure-asyncoperation");
  const location = headers.get("location");
  return { ...(asyncOperation ? { asyncOperation } : {}), ...(location ? { location } : {}) };
}

/** An operation's polling URL: the fresh answer's takes the recorded one's place in later polls. */
const isId: IsId = (value) => /^https:\/\/[^/]+\/subscriptions\/[^?]+\/(operations|operationResults)\//.test(value);

/** Raw: the SDK's REST client on its own pipeline and credential; an error status throws, as the SDK's clients do. */
function sender(front: FrontInfo, agent: Agent): Send {
  const c = front.credential;
  const pipeline = { agent, retryOptions: { maxRetries: 0 } };
  const credential = new ClientSecretCredential(c["tenantId"] ?? "", c["clientId"] ?? "", c["clientSecret"] ?? "", {
    ...pipeline,
    authorityHost: front.endpoint,
    disableInstanceDiscovery: true,
  });
  const rest = createNetworkManagement(credential, c["subscriptionId"] ?? "", {
    ...pipeline,
    endpoint: front.endpoint,
  });
  return async (_api, input) => {
    const request = input as RawRequest;
    const path = rest.pathUnchecked(request.url);
    const options = request.body === undefined ? {} : { body: request.body };
    const method = request.method.toLowerCase() as "get" | "put" | "post" | "delete" | "patch";
    const response = await path[method](options);
    const status = Number(response.status);
    if (status >= 400) throw new Error(`${request.method} ${request.url}: ${status}`);
    const headers = response.headers as Record<string, string | undefined>;
    return {
      body: response.body,
      ...operationOf({ get: (name) => headers[name] }),
    } satisfies RawAnswer;
  };
}

export async function azureOverheadBench(): Promise<void> {
  // Trust the front's certificate on these clients only (the driver's and the raw side's);
  // keep-alive as the SDK's default agent does.
  let agent: Agent | undefined;
  const agentFor = (front: FrontInfo) => (agent ??= new Agent({ ca: front.caCertificate, keepAlive: true }));
  const driver = (front: FrontInfo) => createAzureDriver({ transport: { httpsAgent: agentFor(front) } });
  try {
    await withDriverBench(
      { provider: "AZURE", driver, specName: "Standard_D2s_v5" },
      async ({ emulator, front, conn, basis }) => {
        const make = caseMaker(await recorderOf(conn), sender(front, agentFor(front)), isId);
        await runCases(bench, emulator, await commonCases(conn, make, basis, 10));
      },
    );
  } finally {
    agent?.destroy();
  }
}

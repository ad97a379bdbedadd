import { randomUUID } from "node:crypto";
import * as compute from "@google-cloud/compute";
import type { Connection } from "@cloud-barista/core";
import { createGcpDriver, gcpVendorClients } from "@cloud-barista/driver-gcp";
import { JWT } from "google-auth-library";
import { withDriverBench } from "./overhead/connection.js";
import type { FrontInfo } from "./overhead/connection.js";
import type { IsId, Send } from "./overhead/replay.js";
import { StepLog, caseMaker, commonCases, drain, runCases } from "./overhead/suite.js";
import type { Recorder } from "./overhead/suite.js";

// Every operation of driver-gcp through the runtime against the same Compute Engine calls made raw
// with `@google-cloud/compute` (its clients built as the driver builds them: the REST transport,
// the front's endpoint, the service-account key signing its own tokens; gax retries off and one
// page per call, as in the driver), over HTTP to the emulator's GCP front in another process. The
// raw side replays exactly the client methods the runtime called (recorded once per operation on
// the driver's own clients, Operation waits included), with fresh names, fresh `requestId`s and
// the Operation names and fingerprints the fresh answers carry. The front's Operations are not DONE
// in their first answer (they run 1 ms, see emulator-process.ts), so every mutation the driver waits
// for costs its `wait` call on both sides, as on Compute Engine.

const bench = "gcp-overhead";

/** A client method's call as recorded and replayed: its request and gax options. */
interface RawCall {
  request: unknown;
  options: unknown;
}

/** A Compute client method as the driver calls it: (request, options) to an answer tuple. */
type Method = (request: unknown, options?: unknown) => Promise<unknown[]>;
type Client = Record<string, unknown>;

/** The methods that call Compute Engine (not the clients' *Async/*Stream pagers, `initialize`, `close`). */
const apiMethod =
  /^(?:get|list|insert|delete|wait|set|add|remove|start|stop|reset|attach|detach|resize|suspend|resume|aggregatedList)/;
const isApiMethod = (name: string) =>
  apiMethod.test(name) && !/(?:Async|Stream)$/.test(name) && name !== "getProjectId";

/**
 * What of an answer the replay compares: an insert's Operation, a list's raw page, else the
 * resource. Not copied: the raw side pays nothing the runtime side does not (the recorder copies).
 */
function answerOf(method: string, answer: unknown[]): unknown {
  const [first, , third] = answer;
  const operation = (first as { latestResponse?: unknown } | undefined)?.latestResponse;
  return operation ?? (method.startsWith("list") || method === "aggregatedList" ? third : first);
}

function methodsOf(client: object): string[] {
  const names = new Set<string>();
  for (let proto = Object.getPrototypeOf(client) as object | null; proto && proto !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(proto)) if (isApiMethod(name)) names.add(name);
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return [...names];
}

/** Wraps each Compute method of the connection's own clients to record its request and answer while on. */
async function recorderOf(conn: Connection): Promise<Recorder> {
  const clients = (await gcpVendorClients(conn)).compute as unknown as Record<string, Client>;
  const log = new StepLog();
  for (const [service, client] of Object.entries(clients)) {
    for (const method of methodsOf(client)) {
      const original = (client[method] as Method).bind(client);
      client[method] = (request: unknown, options?: unknown) =>
        log.track(
          `${service}.${method}`,
          (): RawCall => ({ request: structuredClone(request), options: structuredClone(options) }),
          () => original(request, options),
          (answer) => structuredClone(answerOf(method, answer)),
        );
    }
  }
  return log;
}

/** Operation names, metadata and label fingerprints (8 bytes, base64) and numeric resource ids. */
const isId: IsId = (value) =>
  value.startsWith("operation-") || /^[A-Za-z0-9+/]{11}=$/.test(value) || /^\d{12,}$/.test(value);

/** The bench's own `@google-cloud/compute` clients, one per service, made on first use. */
function sender(front: FrontInfo): { send: Send; close(): Promise<void> } {
  const url = new URL(front.endpoint);
  const c = front.credential;
  const options = {
    fallback: true,
    apiEndpoint: url.hostname,
    port: Number(url.port),
    protocol: url.protocol.replace(":", ""),
    // The key signs its own tokens (a JWT per audience, cached), as for a key file: no token exchange.
    authClient: new JWT({ email: c["clientEmail"], key: c["privateKey"], keyId: c["privateKeyId"] }),
  };
  const made = new Map<string, Client & { close(): Promise<void> }>();
  const constructors = compute as unknown as Record<
    string,
    new (o: typeof options) => Client & { close(): Promise<void> }
  >;
  const clientFor = (service: string) => {
    let client = made.get(service);
    if (!client) {
      const Client = constructors[`${service[0]?.toUpperCase() ?? ""}${service.slice(1)}Client`];
      if (!Client) throw new Error(`no client for ${service} in @google-cloud/compute`);
      client = new Client(options);
      made.set(service, client);
    }
    return client;
  };
  return {
    async send(api, input) {
      const [service = "", method = ""] = api.split(".");
      const call = input as RawCall;
      // An insert's requestId is per user call: Compute Engine answers a repeated one with the first Operation.
      const request = call.request as { requestId?: string };
      const fresh = request.requestId === undefined ? request : { ...request, requestId: randomUUID() };
      const client = clientFor(service);
      return answerOf(method, await (client[method] as Method).call(client, fresh, call.options));
    },
    async close() {
      await Promise.all([...made.values()].map((client) => client.close()));
    },
  };
}

export async function gcpOverheadBench(): Promise<void> {
  const options = { provider: "GCP", driver: () => createGcpDriver(), specName: "e2-small" } as const;
  await withDriverBench(options, async ({ emulator, front, conn, basis }) => {
    const raw = sender(front);
    try {
      const make = caseMaker(await recorderOf(conn), raw.send, isId);
      await runCases(bench, emulator, [
        await make.read("regionZone.list.refresh", () => drain(conn.metadata.regionZones({ refresh: true }))),
        ...(await commonCases(conn, make, basis, 10, {
          note: "the runtime side's driver generates an Ed25519 key; the raw side replays the recorded public key",
        })),
      ]);
    } finally {
      await raw.close();
    }
  });
}

import axios from "axios";
import type { AxiosRequestConfig, InternalAxiosRequestConfig } from "axios";
import type { Connection } from "@cloud-barista/core";
import { createIbmDriver, ibmVendorClient } from "@cloud-barista/driver-ibm";
import { withDriverBench } from "./overhead/connection.js";
import type { FrontInfo } from "./overhead/connection.js";
import { EventCounter } from "./overhead/replay.js";
import type { IsId, Send, Step } from "./overhead/replay.js";
import { StepLog, cachedCases, caseMaker, commonCases, drain, runCases } from "./overhead/suite.js";
import type { Recorder } from "./overhead/suite.js";

// Every operation of driver-ibm through the runtime against the same HTTP requests made raw with
// axios (what the driver itself sends with), over HTTP to the emulator's IBM front in another
// process. The raw side replays exactly the requests the runtime made (recorded once per operation
// on the connection's own axios instance, concurrent ones concurrently), with the connection's IAM
// token, so both sides pay the same round trips; what differs is the driver's and the runtime's
// own work.

const bench = "ibm-overhead";

/** A raw request as the replay sends it. */
interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  data?: string;
}

const parse = (text: unknown): unknown => {
  if (typeof text !== "string" || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** Interceptors on the connection's own axios instance that record each request and answer while on. */
async function recorderOf(conn: Connection): Promise<Recorder> {
  const { http } = await ibmVendorClient(conn);
  const log = new StepLog();
  const events = new EventCounter();
  const open = new WeakMap<InternalAxiosRequestConfig, Step>();
  http.interceptors.request.use((config) => {
    if (!log.recording) return config;
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(config.headers.toJSON()))
      if (typeof value === "string") headers[key] = value;
    const method = (config.method ?? "get").toUpperCase();
    const url = config.url ?? "";
    const input: RawRequest = {
      method,
      url,
      headers,
      ...(typeof config.data === "string" ? { data: config.data } : {}),
    };
    const step: Step = { api: `${method} ${new URL(url).pathname}`, input, output: undefined, started: events.next() };
    log.add(step);
    open.set(config, step);
    return config;
  });
  http.interceptors.response.use((response) => {
    const step = open.get(response.config);
    if (step) {
      step.output = parse(response.data);
      step.failed = response.status >= 400;
      step.ended = events.next();
    }
    return response;
  });
  return log;
}

/**
 * IBM's ids: the region's code and a UUID ("r006-0a1b2c3d-...") for resources, a bare UUID for
 * network interfaces and floating IPs.
 */
const isId: IsId = (value) => /^(?:r\d{3}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);

/** Raw: plain axios (JSON parsed, errors thrown on 4xx/5xx), its own instance. */
function sender(): Send {
  const raw = axios.create();
  return async (_api, input) => {
    const request = input as RawRequest;
    const config: AxiosRequestConfig = { method: request.method, url: request.url, headers: request.headers };
    if (request.data !== undefined) config.data = request.data;
    return (await raw.request(config)).data as unknown;
  };
}

export async function ibmOverheadBench(): Promise<void> {
  // The front's connection endpoint: { iam, vpc (a "{region}" template), catalog, tagging }.
  const options = {
    provider: "IBM",
    driver: () => createIbmDriver(),
    endpoint: (front: FrontInfo) => front.connectionEndpoint,
    specName: "cx2-2x4",
  } as const;
  await withDriverBench(options, async ({ emulator, conn, basis }) => {
    const send = sender();
    const make = caseMaker(await recorderOf(conn), send, isId);
    // A raw user's single GET of one VPC resource, with the connection's token (the same token the
    // replayed requests carry).
    const vendor = await ibmVendorClient(conn);
    const headers = { accept: "application/json", authorization: `Bearer ${await vendor.token()}` };
    const query = new URLSearchParams(vendor.vpcQuery).toString();
    const get = (path: string) =>
      send(`GET ${path}`, { method: "GET", url: `${vendor.roots.vpc}/v1${path}?${query}`, headers });
    await runCases(bench, emulator, [
      await make.read("regionZone.list.refresh", () => drain(conn.metadata.regionZones({ refresh: true }))),
      await make.read("price.list.refresh", () => drain(conn.metadata.prices({ refresh: true }))),
      ...(await commonCases(conn, make, basis, 10, {
        maxSamples: 30,
        note: "the runtime side's driver generates an RSA key; the raw side replays the recorded public key",
      })),
      ...cachedCases(conn, basis, {
        image: ["get_image", () => get(`/images/${encodeURIComponent(basis.image)}`)],
        spec: ["get_instance_profile", () => get(`/instance/profiles/${encodeURIComponent(basis.specName)}`)],
      }),
    ]);
  });
}

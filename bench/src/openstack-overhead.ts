import axios from "axios";
import type { AxiosRequestConfig, InternalAxiosRequestConfig } from "axios";
import type { Connection } from "@cloud-barista/core";
import { createOpenStackDriver, openStackVendorClient } from "@cloud-barista/driver-openstack";
import { withDriverBench } from "./overhead/connection.js";
import type { FrontInfo } from "./overhead/connection.js";
import { EventCounter } from "./overhead/replay.js";
import type { Send, Step } from "./overhead/replay.js";
import { StepLog, caseMaker, commonCases, runCases } from "./overhead/suite.js";
import type { Recorder } from "./overhead/suite.js";

// Every operation of driver-openstack through the runtime against the same HTTP requests made
// raw with axios (what the driver itself sends with), over HTTP to the emulator's OpenStack front
// in another process. The raw side replays exactly the requests the runtime made (recorded once
// per operation, concurrent ones concurrently), with the connection's token, so both sides pay the
// same round trips; what differs is the driver's and the runtime's own work.

const bench = "openstack-overhead";

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
  const { http } = await openStackVendorClient(conn);
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

export async function openStackOverheadBench(): Promise<void> {
  const options = {
    provider: "OPENSTACK",
    driver: () => createOpenStackDriver(),
    endpoint: (front: FrontInfo) => front.connectionEndpoint,
    specName: "m1.small",
  } as const;
  await withDriverBench(options, async ({ emulator, conn, basis }) => {
    const make = caseMaker(await recorderOf(conn), sender());
    await runCases(bench, emulator, await commonCases(conn, make, basis, 10));
  });
}

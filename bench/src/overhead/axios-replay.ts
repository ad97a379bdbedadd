import axios from "axios";
import type { AxiosInstance, AxiosRequestConfig, InternalAxiosRequestConfig } from "axios";
import { EventCounter } from "./replay.js";
import type { Send, Step } from "./replay.js";
import { StepLog } from "./suite.js";
import type { Recorder } from "./suite.js";

// The recording and the raw side of the benchmarks of the drivers that speak HTTP through axios
// (driver-openstack, driver-ibm): what the connection's own axios instance sent, replayed with a
// plain axios instance.

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

/** Interceptors on a connection's own axios instance that record each request and answer while on. */
export function axiosRecorder(http: AxiosInstance): Recorder {
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
export function axiosSender(): Send {
  const raw = axios.create();
  return async (_api, input) => {
    const request = input as RawRequest;
    const config: AxiosRequestConfig = { method: request.method, url: request.url, headers: request.headers };
    if (request.data !== undefined) config.data = request.data;
    return (await raw.request(config)).data as unknown;
  };
}

import axios from "axios";
import type { AxiosInstance } from "axios";
import { transportFailure } from "@cloud-barista/core/driver";
import type { DriverSettings } from "@cloud-barista/core/driver";
import { provider } from "../errors.js";

/** One HTTP exchange as the driver sees it: any status comes back; only transport failures throw. */
export interface HttpExchange {
  status: number;
  headers: Record<string, string | undefined>;
  /** Parsed JSON, or the text of a non-JSON body, or undefined when empty. */
  data: unknown;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  url: string;
  headers: Record<string, string>;
  /** A JSON body, or form fields (IAM's token request). */
  body?: unknown;
  form?: Readonly<Record<string, string>>;
  signal: AbortSignal;
}

/**
 * The axios instance of one connection: no status is an exception, bodies are read as text, and
 * the user's agents and request hook apply to every request (IAM's among them).
 */
export function createHttp(settings: DriverSettings): AxiosInstance {
  const { httpAgent, httpsAgent, onRequest } = settings.transport;
  const http = axios.create({
    timeout: settings.requestTimeoutMs,
    validateStatus: () => true,
    responseType: "text",
    transformResponse: [(data: unknown) => data],
    // Proxies come from the user's agents, never from the environment.
    proxy: false,
    ...(httpAgent ? { httpAgent } : {}),
    ...(httpsAgent ? { httpsAgent } : {}),
  });
  if (onRequest) {
    http.interceptors.request.use((config) => {
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(config.headers.toJSON()))
        if (typeof value === "string") headers[key] = value;
      onRequest({ method: (config.method ?? "get").toUpperCase(), url: config.url ?? "", headers });
      config.headers.set(headers);
      return config;
    });
  }
  return http;
}

/** Sends one request; a failure without an answer is the kit's transport classification. */
export async function send(http: AxiosInstance, request: HttpRequest, api: string): Promise<HttpExchange> {
  try {
    const form = request.form === undefined ? undefined : new URLSearchParams(request.form).toString();
    const json = request.body === undefined ? undefined : JSON.stringify(request.body);
    const type =
      form !== undefined
        ? { "content-type": "application/x-www-form-urlencoded" }
        : json !== undefined
          ? // The VPC API takes updates as JSON merge patches (RFC 7396).
            { "content-type": request.method === "PATCH" ? "application/merge-patch+json" : "application/json" }
          : {};
    const response = await http.request<string>({
      method: request.method,
      url: request.url,
      headers: { accept: "application/json", ...type, ...request.headers },
      data: form ?? json,
      signal: request.signal,
    });
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(response.headers as Record<string, unknown>)) {
      if (typeof value === "string") headers[key.toLowerCase()] = value;
    }
    return { status: response.status, headers, data: parseBody(response.data) };
  } catch (error) {
    throw transportFailure(provider, api, withoutQuery(error), request.signal);
  }
}

/** A transport error whose message lost any URL query. */
function withoutQuery(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { code } = error as { code?: unknown };
  const copy = new Error(error.message.replace(/\?\S*/g, ""));
  copy.name = error.name;
  return Object.assign(copy, typeof code === "string" ? { code } : {});
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

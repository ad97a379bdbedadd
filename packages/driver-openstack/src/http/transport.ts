import axios from "axios";
import type { AxiosInstance } from "axios";
import { abortedError } from "@cloud-barista/core";
import { transportError } from "../errors.js";

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
  body?: unknown;
  signal: AbortSignal;
}

/** The axios instance of one connection: no status is an exception, bodies are read as text. */
export function createHttp(timeoutMs: number): AxiosInstance {
  return axios.create({
    timeout: timeoutMs,
    validateStatus: () => true,
    responseType: "text",
    transformResponse: [(data: unknown) => data],
  });
}

export async function send(http: AxiosInstance, request: HttpRequest, api: string): Promise<HttpExchange> {
  try {
    const response = await http.request<string>({
      method: request.method,
      url: request.url,
      headers: {
        accept: "application/json",
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        ...request.headers,
      },
      data: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
    });
    const headers: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(response.headers as Record<string, unknown>)) {
      if (typeof value === "string") headers[key.toLowerCase()] = value;
    }
    return { status: response.status, headers, data: parseBody(response.data) };
  } catch (error) {
    if (request.signal.aborted) throw abortedError(request.signal);
    throw transportError(api, error);
  }
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

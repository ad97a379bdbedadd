import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { DriverSettings } from "@cloud-barista/core/driver";

/** One plain HTTP answer: status, headers, body text. */
export interface PlainAnswer {
  status: number;
  header: (name: string) => string | undefined;
  text: string;
}

/**
 * A GET over the connection's transport (its agents and request hook, as the SDK clients use
 * them), for the Retail Prices API, which has no SDK client and takes no credential.
 */
export function plainGet(url: string, settings: DriverSettings, signal: AbortSignal): Promise<PlainAnswer> {
  const { httpAgent, httpsAgent, onRequest } = settings.transport;
  const secure = url.startsWith("https:");
  const headers: Record<string, string> = { accept: "application/json" };
  onRequest?.({ method: "GET", url, headers });
  return new Promise((resolve, reject) => {
    const options = {
      method: "GET",
      headers,
      signal,
      timeout: settings.requestTimeoutMs,
      ...(secure ? (httpsAgent ? { agent: httpsAgent } : {}) : httpAgent ? { agent: httpAgent } : {}),
    };
    const req = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const value = (name: string) => {
          const v = res.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        resolve({ status: res.statusCode ?? 0, header: value, text: Buffer.concat(chunks).toString("utf8") });
      });
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end();
  });
}

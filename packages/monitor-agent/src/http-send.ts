import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The start of the body (at most 64 KiB, enough for an error message). */
  readonly body: string;
}

/** One HTTP request with a body and a timeout; rejects on network errors, the timeout and `signal`. */
export function httpSend(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      { method, headers: { ...headers, "Content-Length": String(body.length) }, ...(signal ? { signal } : {}) },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          if (text.length < 65536) text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text.slice(0, 65536) }));
        res.on("error", reject);
      },
    );
    request.setTimeout(Math.max(1, timeoutMs), () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(body);
  });
}

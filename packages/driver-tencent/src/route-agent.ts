import { Agent as HttpAgent } from "node:http";
import type { AgentOptions, ClientRequest } from "node:http";
import { Agent as HttpsAgent } from "node:https";

/** Node's agents take every request through addRequest (public for agent libraries, untyped). */
interface AddRequest {
  addRequest(request: ClientRequest, options: AgentOptions & { host?: string; port?: number | string }): void;
}

/**
 * node-fetch (under the SDK) sets every header as a one-value array; on the wire that is the same
 * header, but agents and hooks that read `getHeader` expect a string: give them one.
 */
function flattenHeaders(request: ClientRequest): void {
  for (const name of request.getHeaderNames()) {
    const value = request.getHeader(name);
    if (Array.isArray(value) && value.length === 1 && value[0] !== undefined) request.setHeader(name, value[0]);
  }
}

/**
 * An agent that hands every request to `base` (the application's agent, else a keep-alive one of
 * its own), carried to `origin` (`http://127.0.0.1:8080`) whatever host the URL names when one is
 * given. The request keeps its Host header and TLS server name, `cvm.tencentcloudapi.com`: TC3
 * signs the host, and its first label names the service, so the emulator (or a private gateway)
 * is reached without changing what is signed.
 */
export function carrierAgent(options: {
  secure: boolean;
  origin?: string | undefined;
  base?: HttpAgent | undefined;
}): HttpAgent {
  const { secure, base } = options;
  const via = (base ??
    (secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true }))) as HttpAgent & AddRequest;
  const url = options.origin === undefined ? undefined : new URL(options.origin);
  const target = url && {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
  };
  // Node decides from the request's own agent (this one) whether to keep its socket open
  // (`Connection: keep-alive`) and give it back to the agent that made it: without `via`'s
  // keep-alive here, every request dialled a new connection.
  const reuse = { keepAlive: (via as { keepAlive?: boolean }).keepAlive === true, maxSockets: via.maxSockets };
  const agent = secure ? new HttpsAgent(reuse) : new HttpAgent(reuse);
  (agent as unknown as AddRequest).addRequest = (request, requestOptions) => {
    flattenHeaders(request);
    via.addRequest(request, target ? { ...requestOptions, ...target } : requestOptions);
  };
  // The application's agent is the application's to close.
  agent.destroy = () => {
    if (!base) via.destroy();
  };
  return agent;
}

/** An agent that carries every request to `origin`, keeping the URL's host (see `carrierAgent`). */
export function routeAgent(origin: string, base?: HttpAgent): HttpAgent {
  return carrierAgent({ secure: protocolOf(origin) === "https://", origin, base });
}

/** The scheme a routed origin is reached with ("http://" or "https://"), as the SDK's profile takes it. */
export function protocolOf(origin: string): "http://" | "https://" {
  return new URL(origin).protocol === "https:" ? "https://" : "http://";
}

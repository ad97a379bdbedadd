import { Agent as HttpAgent } from "node:http";
import type { AgentOptions, ClientRequest } from "node:http";
import { Agent as HttpsAgent } from "node:https";

/** Node's agents take every request through addRequest (public for agent libraries, untyped). */
interface AddRequest {
  addRequest(request: ClientRequest, options: AgentOptions & { host?: string; port?: number | string }): void;
}

/**
 * An agent that carries every request to one origin (`http://127.0.0.1:8080`) whatever host the
 * URL names, through `base` (the application's agent, else a keep-alive one of its own). The
 * request keeps its Host header and TLS server name, `cvm.tencentcloudapi.com`: TC3 signs the
 * host, and its first label names the service, so the emulator (or a private gateway) is reached
 * without changing what is signed.
 */
export function routeAgent(origin: string, base?: HttpAgent): HttpAgent {
  const url = new URL(origin);
  const secure = url.protocol === "https:";
  const via = (base ??
    (secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true }))) as HttpAgent & AddRequest;
  const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const agent = secure ? new HttpsAgent() : new HttpAgent();
  (agent as unknown as AddRequest).addRequest = (request, options) => {
    via.addRequest(request, { ...options, host, port });
  };
  // The application's agent is the application's to close.
  agent.destroy = () => {
    if (!base) via.destroy();
  };
  return agent;
}

/** The scheme a routed origin is reached with ("http://" or "https://"), as the SDK's profile takes it. */
export function protocolOf(origin: string): "http://" | "https://" {
  return new URL(origin).protocol === "https:" ? "https://" : "http://";
}

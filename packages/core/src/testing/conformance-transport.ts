import { Agent } from "node:http";
import type { ClientRequest } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { describe, expect, it } from "vitest";
import type { TransportOptions } from "../driver/transport.js";
import { collect } from "../util/paginate.js";
import type { ConformanceTarget } from "./conformance-target.js";

/** An agent that notes each request it carries, with the tracing header it was given, in `seen`. */
function recordingAgent<A extends Agent>(agent: A, seen: (string | undefined)[]): A {
  // Node's agents take every request through addRequest (public for agent libraries, untyped).
  const internals = agent as unknown as { addRequest(request: ClientRequest, options: object): void };
  const addRequest = internals.addRequest.bind(agent);
  internals.addRequest = (request, options) => {
    const trace = request.getHeader("x-cloud-barista-trace");
    seen.push(typeof trace === "string" ? trace : undefined);
    addRequest(request, options);
  };
  return agent;
}

/**
 * The driver's vendor client sends every request through the agents and hook the application
 * gives (proxies, custom CAs, tracing): `setup` makes a target whose driver got `transport`. Both
 * agents record; a target served over HTTPS with its own certificate makes the https agent trust
 * it (its `options.ca`), as an application configures its agent for a private CA.
 */
export function describeTransport(
  setup: (transport: TransportOptions) => Promise<ConformanceTarget>,
  timeout: number,
): void {
  describe("transport", () => {
    it(
      "sends every request through the application's agent, after its request hook",
      async () => {
        const seen: (string | undefined)[] = [];
        const hooked: string[] = [];
        const target = await setup({
          httpAgent: recordingAgent(new Agent(), seen),
          httpsAgent: recordingAgent(new HttpsAgent(), seen),
          onRequest: (request) => {
            hooked.push(`${request.method} ${request.url}`);
            request.headers["x-cloud-barista-trace"] = `trace-${hooked.length}`;
          },
        });
        try {
          const conn = await target.barista.connection(target.connectionName);
          await collect(conn.metadata.regionZones());
          expect(hooked.length, "the hook saw no request").toBeGreaterThan(0);
          // Headers the hook adds go out with the request (and into signatures that cover them).
          expect(seen).toEqual(hooked.map((_, i) => `trace-${i + 1}`));
          for (const url of hooked) expect(url).toMatch(/^[A-Z]+ https?:\/\//);
        } finally {
          await target.teardown?.();
        }
      },
      timeout,
    );
  });
}

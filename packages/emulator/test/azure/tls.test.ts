import { Agent, get } from "node:https";
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { World } from "../../src/index.js";
import { startAzureFront } from "../../src/fronts/azure/index.js";

// Clients trust the front's certificate through their own TLS options; one agent may trust several
// fronts (a test or the chaos suite with two Azure accounts), so each certificate has a name of its own.

function status(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on("error", reject);
  });
}

describe("the Azure front's certificate", () => {
  it("is its own: one agent trusting two fronts reaches both", async () => {
    const world = new World();
    const fronts = [await startAzureFront({ world }), await startAzureFront({ world })];
    try {
      const [a, b] = fronts.map((f) => new X509Certificate(f.caCertificate));
      expect(a?.subject).not.toBe(b?.subject);
      for (const order of [fronts, [...fronts].reverse()]) {
        const agent = new Agent({ ca: order.map((f) => f.caCertificate) });
        for (const f of fronts) {
          // An unknown tenant: 400 from Entra ID, after a TLS handshake the agent accepted.
          expect(await status(`${f.url}/no-tenant/v2.0/.well-known/openid-configuration`, agent)).toBe(400);
        }
        agent.destroy();
      }
    } finally {
      await Promise.all(fronts.map((f) => f.close()));
    }
  });
});

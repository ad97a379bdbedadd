import { describe, expect, it } from "vitest";
import { startServeDemo } from "../src/serve-demo.js";

describe("the served demo (npm run demo -- --serve)", () => {
  it("serves the page and an API whose token sees the mock regions and the MCIS it started", async () => {
    const demo = await startServeDemo({ fronts: false, timeScale: 400 });
    try {
      const page = await fetch(demo.pageUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<title>Cloud-Barista");
      const auth = { authorization: `Bearer ${demo.token}` };
      const conns = (await (await fetch(`${demo.url}/tumblebug/connConfig`, { headers: auth })).json()) as {
        connectionconfig: { configName: string; location?: unknown }[];
      };
      expect(conns.connectionconfig.map((c) => c.configName).sort()).toEqual([
        "frankfurt",
        "saopaulo",
        "seoul",
        "tokyo",
        "virginia",
      ]);
      expect(conns.connectionconfig.every((c) => c.location)).toBe(true);
      // The MCIS the demo started finishes: its operation ends in `done`.
      const events = await (
        await fetch(`${demo.url}/tumblebug/operations/${demo.operationId}/events`, { headers: auth })
      ).text();
      expect(events).toContain("event: done");
      const mcis = (await (await fetch(`${demo.url}/tumblebug/ns/default/mcis/fleet`, { headers: auth })).json()) as {
        status: string;
      };
      expect(mcis.status).toBe("Running:6 (R:6/6)");
      expect((await fetch(`${demo.url}/tumblebug/ns`)).status).toBe(401);
    } finally {
      await demo.close();
    }
  });
});

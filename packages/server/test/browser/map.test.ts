import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMcisServer } from "../mcis-fixture.js";
import type { McisServer } from "../mcis-fixture.js";

// The map page in a real Chromium (Debian's, started and closed here): regions of the emulated
// connections, an MCIS's VMs changing colour as they boot (emulator time 20x: a 40 s boot takes
// about 2 s), and an MCIS created from the page's recommendation form. Chromium missing is a
// failure, not a skip: scripts/run installs it.

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let server: McisServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startMcisServer({ tenants: ["acme"], timeScale: 20 });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox"] });
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  page.on("pageerror", (error) => {
    throw error;
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The fill colour Chromium computes for an element (an expression run in the page: no DOM types here). */
const fill = (selector: string) =>
  page.evaluate(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).fill`);

describe("the map page", () => {
  it("asks for a token, then shows the world and each connection's region", async () => {
    await page.goto(`${server.url}/web/`);
    await expect(page.locator("#connection-state").textContent()).resolves.toContain("Enter an API token");
    await page.getByLabel("API token").fill(server.tokens.acme ?? "");
    await page.getByRole("button", { name: "Use token" }).click();
    await page.waitForSelector('body[data-live="default"]');
    expect(await page.locator("#land path.country").count()).toBeGreaterThan(100);
    const markers = await page.locator("#regions-layer .region").all();
    const regions = await Promise.all(markers.map(async (m) => (await m.getAttribute("aria-label")) ?? ""));
    expect(regions).toHaveLength(3);
    for (const name of [
      "seoul (MOCK mock-seoul)",
      "frankfurt (MOCK mock-frankfurt)",
      "virginia (MOCK mock-virginia)",
    ]) {
      expect(regions.some((label) => label.startsWith(name))).toBe(true);
    }
    // Keyboard: the first region marker takes focus and says what it is.
    await page.locator("#regions-layer .region").first().focus();
    await expect(page.locator("#focus-detail").textContent()).resolves.toMatch(/no VMs/);
  });

  it("colours an MCIS's VMs as they boot, live over SSE", async () => {
    const started = await server.call("acme", "/tumblebug/ns/default/mcisDynamic", {
      method: "POST",
      body: { name: "boot", vm: [{ subGroupSize: "2", commonSpec: "seoul+small", commonImage: "ubuntu" }] },
    });
    expect(started.status).toBe(202);
    await page.waitForSelector('circle.vm[data-vm="boot/g1-1"][data-status="Creating"]');
    const creating = await fill('circle.vm[data-vm="boot/g1-1"]');
    await page.locator('circle.vm[data-vm^="boot/"][data-status="Running"]').nth(1).waitFor();
    const running = await fill('circle.vm[data-vm="boot/g1-1"]');
    expect(running).not.toBe(creating);
    // The table says it in words, and the status changes were announced.
    await page.locator('table[data-mcis="boot"] caption', { hasText: "Running:2 (R:2/2)" }).waitFor();
    await expect(page.locator("#announcer").textContent()).resolves.toContain("boot g1-2: Running");
    await expect(
      page.locator('#regions-layer .region[data-connections="seoul"]').getAttribute("aria-label"),
    ).resolves.toContain("2 VMs, 2 Running");
    // The table's buttons control the MCIS: suspended VMs take the Suspended colour.
    await page.getByRole("button", { name: "suspend boot" }).click();
    await page.locator('circle.vm[data-vm^="boot/"][data-status="Suspended"]').nth(1).waitFor();
    expect(await fill('circle.vm[data-vm="boot/g1-1"]')).not.toBe(running);
    await page.locator('table[data-mcis="boot"] caption', { hasText: "Suspended:2 (R:0/2)" }).waitFor();
  });

  it("creates an MCIS from the page's recommendation", async () => {
    await page.getByLabel("Rank by").selectOption("location");
    await page.getByLabel("Near").selectOption({ label: "Mock Frankfurt (frankfurt)" });
    await page.getByRole("button", { name: "Recommend" }).click();
    const first = page.locator("#candidates input[type=radio]").first();
    await first.waitFor();
    expect(await first.isChecked()).toBe(true);
    await expect(page.locator("#candidates label").first().textContent()).resolves.toContain("frankfurt");
    expect(await page.locator("#candidates-layer .candidate").count()).toBeGreaterThan(0);
    await page.getByLabel("MCIS name").fill("fromform");
    await page.getByLabel("Number of VMs").fill("1");
    await page.getByRole("button", { name: "Create MCIS" }).click();
    await page
      .locator('table[data-mcis="fromform"] caption', { hasText: "Running:1 (R:1/1)" })
      .waitFor({ timeout: 20_000 });
    await expect(page.locator('table[data-mcis="fromform"] tbody td').nth(1).textContent()).resolves.toBe("frankfurt");
    expect(await page.locator("#error").textContent()).toBe("");
    const mcis = (await (await server.call("acme", "/tumblebug/ns/default/mcis/fromform")).json()) as {
      description: string;
      vm: { connectionName: string }[];
    };
    expect(mcis.description).toBe("from recommendation #1");
    expect(mcis.vm.map((v) => v.connectionName)).toEqual(["frankfurt"]);
    // MAP_SCREENSHOT=file.png keeps a picture of the page at 1366x768, to check it reads well.
    if (process.env.MAP_SCREENSHOT) await page.screenshot({ path: process.env.MAP_SCREENSHOT });
  });
});

import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { cb, cbBin, cbHome, cbJson, startCb, waitForOutput } from "./cb-process.js";

// MCIS through the real cb binary and `cb emulator`: progress as plain lines (not a terminal) and
// redrawn in place (a pseudo-terminal, via script(1)), JSON parsed back, and Ctrl-C mid-create.

type Inventory = { type: string; tracked: string[]; onlyInCloud: string[] }[];
const stop: (() => void)[] = [];
afterAll(() => stop.forEach((s) => s()));

async function emulatorProfile(timeScale: number): Promise<NodeJS.ProcessEnv> {
  const env = cbHome();
  const emulator = startCb(["emulator", "--front", "aws", "--time-scale", String(timeScale)], env);
  stop.push(() => emulator.kill("SIGINT"));
  await waitForOutput(emulator, "emulator ready");
  return { ...env, CB_PROFILE: "emulator" };
}

const create = (name: string, size: number): string[] => [
  "mcis",
  "create",
  "dynamic",
  name,
  "-c",
  "aws",
  "--spec",
  "t3.micro",
  "--image",
  "ubuntu 22.04",
  "--size",
  String(size),
];

describe("cb mcis", () => {
  it("creates an MCIS with progress lines, shows its status as JSON and deletes it", { timeout: 180_000 }, async () => {
    const env = await emulatorProfile(500);
    const before = await cbJson<Inventory>(["inventory", "-c", "aws"], env);
    // Where to run, with why: the emulated AWS is the only connection here.
    const plan = await cbJson<{ feasible: boolean; subGroups: { offer: { connection: string }; why: string }[] }>(
      ["place", "--vms", "2", "--priority", "cost"],
      env,
    );
    expect(plan.feasible).toBe(true);
    expect(plan.subGroups[0]?.offer.connection).toBe("aws");
    expect(plan.subGroups[0]?.why).toMatch(/cheapest/);
    const created = await cb([...create("fleet", 2), "-o", "json"], env);
    expect(created.code).toBe(0);
    const info = JSON.parse(created.stdout) as { status: string; vms: { id: string; status: string }[] };
    expect(info.vms.map((v) => v.status)).toEqual(["Running", "Running"]);
    // Not a terminal: one plain line per event, ending with the full bar.
    expect(created.stderr).toContain("Create [####################]   2/2");
    expect(created.stderr).not.toContain("\u001b[");

    const status = await cbJson<{ status: string; vms: { id: string }[] }>(["mcis", "status", "fleet"], env);
    expect(status.vms.map((v) => v.id).sort()).toEqual(["g1-1", "g1-2"]);
    const history = await cbJson<{ group: string; count: number }[]>(["history", "--by", "provider"], env);
    expect(history.find((h) => h.group === "AWS")?.count).toBeGreaterThan(0);

    // On a terminal the bar and per-VM lines are redrawn in place.
    const hasScript = spawnSync("script", ["--version"]).status === 0;
    if (hasScript) {
      const tty = execFileSync(
        "script",
        ["-qec", `stty rows 40 cols 120; ${process.execPath} ${cbBin} mcis suspend fleet`, "/dev/null"],
        { env, encoding: "utf8" },
      );
      expect(tty).toContain("Suspend [####################]   2/2");
      expect(tty).toContain("\u001b[1A"); // cursor up: lines rewritten
    }

    expect((await cb(["mcis", "delete", "fleet", "--terminate"], env)).code).toBe(0);
    expect(await cbJson(["mcis", "list"], env)).toEqual([]);
    expect((await cb(["mcis", "status", "fleet"], env)).code).toBe(3);
    // The default network the MCIS made stays for the next one; no VM is left.
    const after = await cbJson<Inventory>(["inventory", "-c", "aws"], env);
    expect(after.find((r) => r.type === "vm")).toEqual(before.find((r) => r.type === "vm"));
  });

  it(
    "Ctrl-C during create aborts, reports what is left, and leaves nothing untracked",
    { timeout: 180_000 },
    async () => {
      const env = await emulatorProfile(2); // VMs take seconds to boot: time to interrupt
      const run = startCb(create("slow", 3), env);
      await waitForOutput(run, " created ");
      run.kill("SIGINT");
      const ended = await run.output;
      expect(ended.code).toBe(130);
      expect(ended.stderr).toContain("interrupted: MCIS default/slow");
      // Everything the cloud has is tracked: no VM, network or key the SDK does not know of.
      const inventory = await cbJson<Inventory>(["inventory", "-c", "aws"], env);
      for (const type of ["vm", "keyPair"]) expect(inventory.find((r) => r.type === type)?.onlyInCloud).toEqual([]);
      const status = await cbJson<{ vms: { id: string }[] }>(["mcis", "status", "slow"], env);
      const vms = inventory.find((r) => r.type === "vm")?.tracked ?? [];
      expect(vms.length).toBe(status.vms.filter((v) => v.id).length);
    },
  );
});

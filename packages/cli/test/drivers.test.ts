import { afterAll, describe, expect, it } from "vitest";
import { cb, cbHome, startCb, waitForOutput } from "./cb-process.js";

// Which drivers each command loads (a vendor SDK takes seconds to load): with CB_TRACE_DRIVERS
// set, cb says so on stderr for each. The profile has two, aws and mock; an MCIS on mock alone
// needs only mock's.

const stop: (() => void)[] = [];
afterAll(() => stop.forEach((s) => s()));

const loaded = (stderr: string): string[] => [...stderr.matchAll(/^driver loaded: (\S+)/gm)].map((m) => m[1]!).sort();

describe("drivers load lazily", () => {
  it("MCIS commands load their MCIS's drivers, cb place those its filter allows", { timeout: 180_000 }, async () => {
    const home = cbHome();
    const emulator = startCb(["emulator", "--front", "aws", "--front", "mock", "--time-scale", "500"], home);
    stop.push(() => emulator.kill("SIGINT"));
    await waitForOutput(emulator, "emulator ready");
    const env = { ...home, CB_PROFILE: "emulator", CB_TRACE_DRIVERS: "1" };

    const placed = await cb(["place", "--vms", "1", "--connection", "mock", "-o", "json"], env);
    expect(loaded(placed.stderr)).toEqual(["mock"]);
    const plan = JSON.parse(placed.stdout) as { subGroups: { offer: { specName: string }; image: { name: string } }[] };
    const { offer, image } = plan.subGroups[0]!;
    expect(loaded((await cb(["place", "--vms", "1"], env)).stderr)).toEqual(["aws", "mock"]);

    const created = await cb(
      ["mcis", "create", "dynamic", "one", "-c", "mock", "--spec", offer.specName, "--image", image.name],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(loaded(created.stderr)).toEqual(["mock"]);
    for (const args of [
      ["mcis", "status", "one"],
      ["mcis", "list"],
      ["mcis", "suspend", "one"],
      ["mcis", "delete", "one", "--terminate"],
    ]) {
      const run = await cb(args, env);
      expect(run.code, run.stderr).toBe(0);
      expect(loaded(run.stderr), args.join(" ")).toEqual(["mock"]);
    }
    // No MCIS recorded: nothing to load, and NotFound as before.
    const missing = await cb(["mcis", "status", "one"], env);
    expect(missing.code).toBe(3);
    expect(loaded(missing.stderr)).toEqual([]);
  });
});

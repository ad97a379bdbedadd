import { describe, expect, it } from "vitest";
import { cb, cbHome, cbJson, startCb, waitForOutput } from "./cb-process.js";

describe("cb emulator", () => {
  it(
    "serves the emulator, writes a profile with a connection per front, and stops on Ctrl-C",
    { timeout: 120_000 },
    async () => {
      const env = cbHome();
      const emulator = startCb(["emulator", "--front", "aws", "--front", "mock", "--time-scale", "500"], env);
      try {
        await waitForOutput(emulator, "emulator ready");
        const profile = { ...env, CB_PROFILE: "emulator" };
        const connections = await cbJson<{ name: string; driver: string }[]>(["connection", "list"], profile);
        expect(connections.map((c) => c.name).sort()).toEqual(["aws", "mock"]);
        const vpc = await cbJson<{ iid: { nameId: string } }>(
          ["vpc", "create", "net", "-c", "mock", "--cidr", "10.0.0.0/16", "--subnet", "a=10.0.1.0/24"],
          profile,
        );
        expect(vpc.iid.nameId).toBe("net");
        // destroy-all asks first; with no terminal to ask on it needs --yes.
        expect((await cb(["destroy-all", "-c", "mock"], profile)).code).toBe(2);
        expect(await cbJson<unknown[]>(["vpc", "list", "-c", "mock"], profile)).toHaveLength(1);
        const report = await cbJson<{ allDestroyed: boolean }>(["destroy-all", "-c", "mock", "--yes"], profile);
        expect(report.allDestroyed).toBe(true);
        expect(await cbJson(["vpc", "list", "-c", "mock"], profile)).toEqual([]);
        // A profile of the user's own is never rewritten by the emulator.
        await cb(["driver", "add", "aws", "--provider", "AWS"], env);
        expect((await cb(["--profile", "default", "emulator", "--front", "mock"], env)).code).toBe(4);
      } finally {
        emulator.kill("SIGINT");
      }
      const ended = await emulator.output;
      expect(ended.code).toBe(0);
    },
  );
});

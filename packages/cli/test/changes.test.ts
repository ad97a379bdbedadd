import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { startEmulator } from "@cloud-barista/emulator/server";
import type { RunningEmulator } from "@cloud-barista/emulator/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEmulatorProfile } from "../src/commands/emulator.js";
import { cliPaths } from "../src/paths.js";
import { cb, cbBin, cbHome, cbJson } from "./cb-process.js";

// Changes to existing resources, register/unregister, and completion of names, through the real
// cb binary on emulated AWS (the emulator runs in this process; the profile points at it).

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
const c = ["-c", "aws"];

beforeAll(async () => {
  emulator = await startEmulator({ fronts: ["aws"], timeScale: 500 });
  env = { ...cbHome(), CB_PROFILE: "emu" };
  await writeEmulatorProfile(cliPaths(env), "emu", emulator, env);
}, 120_000);
afterAll(async () => emulator?.close());

type Vpc = { subnets: { iid: { nameId: string } }[] };
type Sg = { rules: { fromPort?: number }[] };
type Inventory = { type: string; tracked: string[]; onlyInCloud: string[] }[];

describe("cb changes to existing resources", () => {
  it(
    "adds and removes subnets and rules, resizes a disk, registers and unregisters",
    { timeout: 180_000 },
    async () => {
      await cbJson(["vpc", "create", "net", ...c, "--cidr", "10.0.0.0/16", "--subnet", "a=10.0.1.0/24"], env);
      const grown = await cbJson<Vpc>(["vpc", "add-subnet", "net", ...c, "--subnet", "b=10.0.2.0/24"], env);
      expect(grown.subnets.map((s) => s.iid.nameId).sort()).toEqual(["a", "b"]);
      expect((await cb(["vpc", "remove-subnet", "net", "b", ...c], env)).code).toBe(0);
      expect((await cbJson<Vpc>(["vpc", "get", "net", ...c], env)).subnets.map((s) => s.iid.nameId)).toEqual(["a"]);

      await cbJson(["sg", "create", "web", ...c, "--vpc", "net", "--rule", "inbound,tcp,22,22,0.0.0.0/0"], env);
      const opened = await cbJson<Sg>(["sg", "add-rules", "web", ...c, "--rule", "inbound,tcp,80,80,0.0.0.0/0"], env);
      expect(opened.rules.map((r) => r.fromPort)).toContain(80);
      expect((await cb(["sg", "remove-rules", "web", ...c, "--rule", "inbound,tcp,80,80,0.0.0.0/0"], env)).code).toBe(
        0,
      );
      expect((await cbJson<Sg>(["sg", "get", "web", ...c], env)).rules.map((r) => r.fromPort)).not.toContain(80);
      expect((await cb(["sg", "add-rules", "web", ...c], env)).code).toBe(2); // no --rule

      await cbJson(["disk", "create", "d1", ...c, "--size", "10"], env);
      expect(
        (await cbJson<{ diskSizeGB: number }>(["disk", "resize", "d1", ...c, "--size", "20"], env)).diskSizeGB,
      ).toBe(20);
      expect((await cb(["nlb", "add-vms", "nope", "vm1", ...c], env)).code).toBe(3);

      // The account's default VPC is in the cloud but untracked: adopt it under a name, then forget it.
      const before = await cbJson<Inventory>(["inventory", ...c], env);
      const [defaultVpc] = before.find((r) => r.type === "vpc")?.onlyInCloud ?? [];
      expect(defaultVpc).toBeDefined();
      await cbJson(["vpc", "register", "adopted", ...c, "--id", defaultVpc!], env);
      expect((await cb(["vpc", "register", "again", ...c, "--id", defaultVpc!], env)).code).toBe(4);

      // Completion: names from the store, by kind and connection, and the bash script asking for them.
      expect((await cb(["__complete", "vpc"], env)).stdout).toBe("adopted\nnet\n");
      expect((await cb(["__complete", "vpc", "-c", "other"], env)).stdout).toBe("");
      expect((await cb(["__complete", "connection"], env)).stdout).toBe("aws\n");
      expect((await cb(["__complete", "driver"], env)).stdout).toBe("aws\n");
      expect((await cb(["__complete", "bogus"], env)).code).toBe(2);
      const bin = join(env.HOME!, "bin");
      mkdirSync(bin);
      writeFileSync(join(bin, "cb"), `#!/bin/sh\nexec "${process.execPath}" "${cbBin}" "$@"\n`);
      chmodSync(join(bin, "cb"), 0o755);
      const script = join(env.HOME!, "cb.bash");
      writeFileSync(script, (await cb(["completion", "bash"], env)).stdout);
      const complete = (words: string[]): string => {
        const line = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _cb_complete; echo "\${COMPREPLY[*]}"`;
        const run = spawnSync("bash", ["-c", line], { env: { ...env, PATH: `${bin}:${env.PATH}` }, encoding: "utf8" });
        return run.stdout.trim();
      };
      expect(complete(["cb", "vpc", "get", ""])).toBe("adopted net");
      expect(complete(["cb", "vpc", "delete", "-c", "aws", "n"])).toBe("net");
      expect(complete(["cb", "sg", "create", "x", "--vpc", "a"])).toBe("adopted");
      expect(complete(["cb", "sg", "get", "-c", "aws", ""])).toBe("web");
      expect(complete(["cb", "vm", "list", "-c", ""])).toBe("aws");
      expect(complete(["cb", "vpc", "g"])).toBe("get");

      expect((await cb(["vpc", "unregister", "adopted", ...c], env)).code).toBe(0);
      const after = await cbJson<Inventory>(["inventory", ...c], env);
      expect(after.find((r) => r.type === "vpc")?.onlyInCloud).toContain(defaultVpc);
      for (const [type, name] of [
        ["disk", "d1"],
        ["sg", "web"],
        ["vpc", "net"],
      ] as const) {
        expect((await cb([type, "delete", name, ...c], env)).code).toBe(0);
      }
    },
  );
});

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "@cloud-barista/emulator/server";
import type { RunningEmulator } from "@cloud-barista/emulator/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cb, cbHome, cbJson } from "./cb-process.js";

// The real cb binary against an emulator the test runs: register emulated AWS and OpenStack by
// hand (as a user would for a real cloud), then create, list, control and delete resources.

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ fronts: ["aws", "openstack"], timeScale: 500 });
  env = cbHome();
});
afterAll(async () => emulator?.close());

describe("cb against emulated AWS and OpenStack", () => {
  it(
    "registers drivers, credentials (from a file and the environment), regions and connections",
    { timeout: 120_000 },
    async () => {
      const aws = emulator.fronts.AWS!;
      const os = emulator.fronts.OPENSTACK!;
      expect((await cb(["driver", "add", "aws", "--provider", "aws"], env)).code).toBe(0);
      expect((await cb(["driver", "add", "openstack", "--provider", "OPENSTACK"], env)).code).toBe(0);

      const file = join(env.HOME!, "aws.yaml");
      writeFileSync(file, JSON.stringify(aws.credential), { mode: 0o600 });
      const added = await cbJson<{ keys: string[] }>(
        ["credential", "add", "aws-cred", "--provider", "AWS", "--from-file", file],
        env,
      );
      expect(added.keys.sort()).toEqual(Object.keys(aws.credential).sort());

      const osEnv = { ...env };
      for (const [key, value] of Object.entries(os.credential)) {
        osEnv[`CB_CRED_${key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`] = value;
      }
      expect((await cb(["credential", "add", "os-cred", "--provider", "OPENSTACK", "--from-env"], osEnv)).code).toBe(0);
      // Without a file, the environment or a terminal there is nowhere to read secrets from.
      expect((await cb(["credential", "add", "none", "--provider", "AWS"], env)).code).toBe(2);

      await cbJson(["region", "add", "aws-r", "--provider", "AWS", "--region", aws.region, "--zone", aws.zone!], env);
      await cbJson(
        [
          "region",
          "add",
          "os-r",
          "--provider",
          "OPENSTACK",
          "--region",
          os.region,
          ...(os.zone ? ["--zone", os.zone] : []),
        ],
        env,
      );
      const endpoint = aws.connectionEndpoint as string;
      await cbJson(
        [
          "connection",
          "add",
          "aws",
          "--driver",
          "aws",
          "--credential",
          "aws-cred",
          "--region",
          "aws-r",
          "--endpoint",
          endpoint,
        ],
        env,
      );
      await cbJson(
        ["connection", "add", "os", "--driver", "openstack", "--credential", "os-cred", "--region", "os-r"],
        env,
      );
      const connections = await cbJson<{ name: string }[]>(["connection", "list"], env);
      expect(connections.map((c) => c.name).sort()).toEqual(["aws", "os"]);
      // No secret value reaches any output.
      const listed = await cb(["credential", "list", "-o", "yaml"], env);
      for (const value of Object.values(aws.credential)) expect(listed.stdout).not.toContain(value);
    },
  );

  type Inventory = { type: string; tracked: string[]; onlyInCloud: string[] }[];
  // Each cb run is a process of its own (a second or two): generous time for the whole round.
  it.each(["aws", "os"])(
    "creates, lists, controls and deletes resources in %s, with documented exit codes",
    { timeout: 180_000 },
    async (conn) => {
      const c = ["-c", conn];
      // What the account has before (a default VPC and security group on AWS), untracked by cb.
      const before = await cbJson<Inventory>(["inventory", ...c], env);
      const images = await cbJson<{ id: string; osPlatform: string }[]>(["image", "list", ...c], env);
      const specs = await cbJson<{ name: string; architecture: string }[]>(["spec", "list", ...c], env);
      const image = images.find((i) => i.osPlatform === "Linux/UNIX");
      const spec = specs.find((s) => s.architecture === "x86_64");
      expect(image && spec).toBeTruthy();

      const vpc = await cbJson<{ iid: { nameId: string }; subnets: unknown[] }>(
        ["vpc", "create", "net", ...c, "--cidr", "10.0.0.0/16", "--subnet", "web=10.0.1.0/24"],
        env,
      );
      expect(vpc.iid.nameId).toBe("net");
      expect(vpc.subnets).toHaveLength(1);
      // The same name again: a conflict (4).
      expect(
        (await cb(["vpc", "create", "net", ...c, "--cidr", "10.0.0.0/16", "--subnet", "web=10.0.1.0/24"], env)).code,
      ).toBe(4);
      // A bad CIDR: bad input (2), printed as one line naming the field and rule.
      const bad = await cb(["vpc", "create", "bad", ...c, "--cidr", "10.0.0.0/99", "--subnet", "w=10.0.1.0/24"], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split("\n")).toHaveLength(1);
      expect(bad.stderr).toMatch(/field ipv4Cidr; rule /);

      await cbJson(["sg", "create", "ssh", ...c, "--vpc", "net", "--rule", "inbound,tcp,22,22,0.0.0.0/0"], env);
      await cbJson(["keypair", "create", "key", ...c, "--private-key-file", join(env.HOME!, `${conn}.pem`)], env);
      const vm = await cbJson<{ status: string }>(
        [
          "vm",
          "create",
          "vm1",
          ...c,
          "--image",
          image!.id,
          "--spec",
          spec!.name,
          "--vpc",
          "net",
          "--subnet",
          "web",
          "--sg",
          "ssh",
          "--keypair",
          "key",
        ],
        env,
      );
      expect(vm.status).toBe("Running");
      const vms = await cbJson<{ iid: { nameId: string } }[]>(["vm", "list", ...c], env);
      expect(vms.map((v) => v.iid.nameId)).toEqual(["vm1"]);
      expect((await cbJson<{ status: string }>(["vm", "suspend", "vm1", ...c], env)).status).toBe("Suspended");
      expect((await cbJson<{ status: string }>(["vm", "resume", "vm1", ...c], env)).status).toBe("Running");

      // A missing resource: not found (3).
      const missing = await cb(["vm", "get", "nope", ...c], env);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toMatch(/^error: NotFound: /);

      const inventory = await cbJson<Inventory>(["inventory", ...c], env);
      expect(inventory.find((r) => r.type === "vm")).toMatchObject({ tracked: ["vm1"], onlyInCloud: [] });
      expect(inventory.find((r) => r.type === "vpc")).toMatchObject({ tracked: ["net"] });

      for (const [type, name] of [
        ["vm", "vm1"],
        ["keypair", "key"],
        ["sg", "ssh"],
        ["vpc", "net"],
      ] as const) {
        expect((await cb([type, "delete", name, ...c], env)).code).toBe(0);
      }
      expect(await cbJson(["vpc", "list", ...c], env)).toEqual([]);
      // Nothing left behind: the cloud holds what it held before.
      expect(await cbJson<Inventory>(["inventory", ...c], env)).toEqual(before);
    },
  );

  it("refuses unknown commands and options with exit code 2", async () => {
    expect((await cb(["frobnicate"], env)).code).toBe(2);
    expect((await cb(["vpc", "list", "--bogus"], env)).code).toBe(2);
    expect((await cb(["vpc", "list", "-o", "xml"], env)).code).toBe(2);
    expect((await cb(["vpc", "list"], env)).code).toBe(2); // no connection
  });
});

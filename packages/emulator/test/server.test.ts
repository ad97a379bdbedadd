import { describe, expect, it } from "vitest";
import { describeEmulator, parseEmulatorArgs } from "../src/cli.js";
import { startEmulator } from "../src/server.js";

describe("the emulator server", () => {
  it("serves every front on loopback with working, distinct credentials", async () => {
    const emulator = await startEmulator({ timeScale: 10 });
    try {
      for (const url of [emulator.aws.endpoint, emulator.openstack.authUrl, emulator.mock.endpoint]) {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      }
      // Keystone accepts the printed password and refuses another.
      const auth = (password: string) =>
        fetch(`${emulator.openstack.authUrl}/auth/tokens`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            auth: {
              identity: {
                methods: ["password"],
                password: { user: { name: "demo", domain: { name: "Default" }, password } },
              },
              scope: { project: { name: "demo", domain: { name: "Default" } } },
            },
          }),
        });
      const ok = await auth(emulator.openstack.password);
      expect(ok.status).toBe(201);
      expect(ok.headers.get("x-subject-token")).toBeTruthy();
      expect((await auth("wrong")).status).toBe(401);
      // The AWS front refuses unsigned requests as EC2 does.
      const unsigned = await fetch(emulator.aws.endpoint, {
        method: "POST",
        body: "Action=DescribeRegions&Version=2016-11-15",
      });
      expect(unsigned.status).toBeGreaterThanOrEqual(400);
      expect(await unsigned.text()).toMatch(/<Code>/);
      expect(describeEmulator(emulator)).toContain(emulator.aws.secretAccessKey);
    } finally {
      await emulator.close();
    }
    await expect(fetch(emulator.aws.endpoint)).rejects.toThrow();
  });

  it("reads its command line, naming a bad flag", () => {
    expect(parseEmulatorArgs(["--time-scale", "20", "--aws-port", "4566", "--seed", "7"])).toEqual({
      ports: { aws: 4566 },
      timeScale: 20,
      seed: 7,
    });
    expect(parseEmulatorArgs(["--help"])).toBe("help");
    expect(() => parseEmulatorArgs(["--aws-port", "70000"])).toThrow(/--aws-port/);
    expect(() => parseEmulatorArgs(["--time-scale", "fast"])).toThrow(/--time-scale/);
    expect(() => parseEmulatorArgs(["--bogus"])).toThrow();
  });
});

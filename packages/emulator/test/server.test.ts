import { describe, expect, it } from "vitest";
import { describeEmulator, parseEmulatorArgs } from "../src/cli.js";
import { listFronts } from "../src/fronts/registry.js";
import { startEmulator } from "../src/server.js";

/** Keystone's answer to the front's printed password (or another): the token and the catalog. */
function keystone(authUrl: string, password: string): Promise<Response> {
  return fetch(`${authUrl}/auth/tokens`, {
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
}

describe("the emulator server", () => {
  it("serves every front on loopback with working, distinct credentials", async () => {
    const emulator = await startEmulator({ timeScale: 10 });
    try {
      const { AWS: aws, OPENSTACK: openstack, MOCK: mock } = emulator.fronts;
      const every = (await listFronts()).map((front) => front.provider).sort();
      expect(every).toEqual(expect.arrayContaining(["ALIBABA", "AWS", "AZURE", "GCP", "MOCK", "OPENSTACK"]));
      expect(Object.keys(emulator.fronts).sort()).toEqual(every);
      expect(emulator.fronts.AZURE?.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+/);
      for (const front of [aws, openstack, mock]) expect(front?.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      // Keystone accepts the printed password and refuses another.
      const authUrl = openstack?.credential["authUrl"] ?? "";
      const auth = (password: string) => keystone(authUrl, password);
      const ok = await auth(openstack?.credential["password"] ?? "");
      expect(ok.status).toBe(201);
      expect(ok.headers.get("x-subject-token")).toBeTruthy();
      expect((await auth("wrong")).status).toBe(401);
      // The AWS front refuses unsigned requests as EC2 does.
      const unsigned = await fetch(aws?.endpoint ?? "", {
        method: "POST",
        body: "Action=DescribeRegions&Version=2016-11-15",
      });
      expect(unsigned.status).toBeGreaterThanOrEqual(400);
      expect(await unsigned.text()).toMatch(/<Code>/);
      expect(aws?.credential["secretAccessKey"]).not.toBe(openstack?.credential["password"]);
      const printed = describeEmulator(emulator);
      for (const front of [aws, openstack, mock]) {
        expect(printed).toContain(front?.endpoint);
        for (const value of Object.values(front?.credential ?? {})) expect(printed).toContain(value);
      }
      // The GCP front's PEM key prints on one line, as a service-account key file holds it.
      const gcpKey = emulator.fronts.GCP?.credential["privateKey"] ?? "";
      expect(gcpKey).toContain("\n");
      expect(printed).toContain(JSON.stringify(gcpKey));
    } finally {
      await emulator.close();
    }
    await expect(fetch(emulator.fronts.AWS?.endpoint ?? "")).rejects.toThrow();
  });

  it("starts only the fronts asked for, on the ports asked for", async () => {
    const probe = await startEmulator({ fronts: ["mock"] });
    const port = Number(new URL(probe.fronts.MOCK?.endpoint ?? "").port);
    await probe.close();
    const emulator = await startEmulator({ fronts: ["mock"], ports: { mock: port } });
    try {
      expect(Object.keys(emulator.fronts)).toEqual(["MOCK"]);
      expect(emulator.fronts.MOCK?.endpoint).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await emulator.close();
    }
    await expect(startEmulator({ fronts: ["azure-typo"] })).rejects.toThrow(
      /no front named "azure-typo"; fronts: (\w+, )*aws, azure, (\w+, )*mock/,
    );
    await expect(startEmulator({ ports: { awz: 1 } })).rejects.toThrow(/"awz"/);
    await expect(startEmulator({ accounts: { gpc: "p" } })).rejects.toThrow(/"gpc"/);
    await expect(startEmulator({ frontOptions: { opnstack: {} } })).rejects.toThrow(/"opnstack"/);
  });

  it("passes a front its own options (OpenStack's page size)", async () => {
    const emulator = await startEmulator({ fronts: ["openstack"], frontOptions: { openstack: { pageSize: 2 } } });
    try {
      const front = emulator.fronts.OPENSTACK;
      const auth = await keystone(front?.credential["authUrl"] ?? "", front?.credential["password"] ?? "");
      const token = auth.headers.get("x-subject-token") ?? "";
      const catalog = ((await auth.json()) as { token: { catalog: { type: string; endpoints: { url: string }[] }[] } })
        .token.catalog;
      const glance = catalog.find((service) => service.type === "image")?.endpoints[0]?.url ?? "";
      // Asked for 10, the front answers at most its page size, with a link to the next page.
      const page = (await (
        await fetch(`${glance}/v2/images?limit=10`, { headers: { "x-auth-token": token } })
      ).json()) as { images: unknown[]; next?: string };
      expect(page.images).toHaveLength(2);
      expect(page.next).toBeTruthy();
    } finally {
      await emulator.close();
    }
  });

  it("gives a front its own account when asked (a GCP project id beside an Azure subscription)", async () => {
    const emulator = await startEmulator({
      fronts: ["mock", "gcp"],
      account: "shared",
      accounts: { gcp: "cb-project" },
    });
    try {
      expect(emulator.fronts.MOCK?.account).toBe("shared");
      expect(emulator.fronts.GCP?.account).toBe("cb-project");
      expect(emulator.fronts.GCP?.credential["projectId"]).toBe("cb-project");
    } finally {
      await emulator.close();
    }
  });

  it("reads its command line, naming a bad flag", () => {
    expect(parseEmulatorArgs(["--time-scale", "20", "--port", "aws=4566", "--port", "mock=0", "--seed", "7"])).toEqual({
      ports: { aws: 4566, mock: 0 },
      timeScale: 20,
      seed: 7,
    });
    expect(parseEmulatorArgs(["--front", "aws", "--front", "openstack"])).toEqual({
      ports: {},
      fronts: ["aws", "openstack"],
    });
    expect(parseEmulatorArgs(["--help"])).toBe("help");
    expect(() => parseEmulatorArgs(["--port", "aws=70000"])).toThrow(/--port aws/);
    expect(() => parseEmulatorArgs(["--port", "4566"])).toThrow(/NAME=PORT/);
    expect(() => parseEmulatorArgs(["--time-scale", "fast"])).toThrow(/--time-scale/);
    expect(() => parseEmulatorArgs(["--bogus"])).toThrow();
  });
});

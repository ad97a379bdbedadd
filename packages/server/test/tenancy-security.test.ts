import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerMockConnection, startHarness } from "./harness.js";
import type { Harness } from "./harness.js";

let h: Harness;
const conn = "shared-name";
const q = `ConnectionName=${conn}`;

async function network(as: "a" | "b"): Promise<void> {
  const ok = (answer: { status: number; body: unknown }) =>
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  ok(
    await h.call(as, "POST", "/spider/vpc", {
      ConnectionName: conn,
      ReqInfo: { Name: "vpc", IPv4_CIDR: "10.0.0.0/16", SubnetInfoList: [{ Name: "sn", IPv4_CIDR: "10.0.1.0/24" }] },
    }),
  );
}

beforeAll(async () => {
  h = await startHarness();
  await registerMockConnection(h, "a", conn);
  await network("a");
  const vm = await h.call("a", "POST", "/spider/securitygroup", {
    ConnectionName: conn,
    ReqInfo: { Name: "sg", VPCName: "vpc", SecurityRules: [] },
  });
  expect(vm.status).toBe(200);
  const started = await h.call("a", "POST", "/spider/vm", {
    ConnectionName: conn,
    ReqInfo: {
      Name: "vm-a",
      ImageName: "mock-ubuntu-2404-amd64",
      VMSpecName: "mock-small",
      VPCName: "vpc",
      SubnetName: "sn",
      SecurityGroupNames: ["sg"],
      VMUserPasswd: "Very-Secret-Passw0rd!",
    },
  });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
}, 30_000);
afterAll(() => h.close());

describe("tenants", () => {
  it("cannot see, read or delete another tenant's connection, VM or registrations", async () => {
    const { call } = h;
    expect((await call("b", "GET", "/spider/connectionconfig")).body).toEqual({ connectionconfig: [] });
    expect((await call("b", "GET", "/spider/credential")).body).toEqual({ credential: [] });
    expect((await call("b", "GET", "/spider/driver")).body).toEqual({ driver: [] });
    for (const [method, path] of [
      ["GET", `/spider/connectionconfig/${conn}`],
      ["GET", `/spider/vm?${q}`],
      ["GET", `/spider/vm/vm-a?${q}`],
      ["GET", `/spider/vmstatus/vm-a?${q}`],
      ["DELETE", `/spider/vm/vm-a?${q}`],
      ["DELETE", `/spider/vm/vm-a?${q}&force=true`],
      ["DELETE", `/spider/connectionconfig/${conn}?force=true`],
      ["DELETE", `/spider/regvpc/vpc?${q}`],
    ] as const) {
      const answer = await call("b", method, path);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.code).toBe("NotFound");
    }
    // Tenant A still has everything.
    expect((await call("a", "GET", `/spider/vmstatus/vm-a?${q}`)).body).toEqual({ Status: "Running" });
  });

  it("may use the same names without meeting: B's connection of the same name sees only B's VMs", async () => {
    await registerMockConnection(h, "b", conn);
    expect((await h.call("b", "GET", `/spider/vm?${q}`)).body).toEqual({ vm: [] });
    expect((await h.call("b", "GET", `/spider/vpc?${q}`)).body).toEqual({ vpc: [] });
    expect(((await h.call("a", "GET", `/spider/vm?${q}`)).body.vm as unknown[]).length).toBe(1);
  });

  it("authenticate with a token or, for Spider clients, HTTP Basic; anything else is 401", async () => {
    const basic = (user: string, password: string) =>
      fetch(`${h.server.url}/spider/connectionconfig`, {
        headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` },
      });
    const good = await basic("spider", "spider-pass-a");
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ connectionconfig: [expect.objectContaining({ ConfigName: conn })] });
    expect((await basic("spider", "wrong")).status).toBe(401);
    const none = await h.call("none", "GET", "/spider/connectionconfig");
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: "Unauthenticated", message: expect.any(String) });
  });
});

describe("bad requests", () => {
  it("get 400 with a typed JSON error naming the field", async () => {
    const { call } = h;
    const cases: [string, string, unknown, string][] = [
      ["GET", "/spider/vpc", undefined, "ConnectionName"],
      [
        "POST",
        "/spider/vpc",
        { ConnectionName: conn, ReqInfo: { Name: "x", SubnetInfoList: [{ Name: "s" }] } },
        "ReqInfo.SubnetInfoList.0.IPv4_CIDR",
      ],
      [
        "POST",
        "/spider/vpc",
        {
          ConnectionName: conn,
          ReqInfo: { Name: "x", IPv4_CIDR: "10.9.0.0/16", SubnetInfoList: [{ Name: "s", IPv4_CIDR: "not-a-cidr" }] },
        },
        "subnets[0].ipv4Cidr",
      ],
      ["POST", "/spider/vm", { ConnectionName: conn, ReqInfo: { Name: "v" } }, "ReqInfo.ImageName"],
      [
        "POST",
        "/spider/vm",
        {
          ConnectionName: conn,
          ReqInfo: {
            Name: "v",
            ImageName: "i",
            VMSpecName: "s",
            VPCName: "vpc",
            SubnetName: "sn",
            SecurityGroupNames: ["sg"],
            RootDiskSize: "big",
          },
        },
        "ReqInfo.RootDiskSize",
      ],
      [
        "POST",
        "/spider/securitygroup",
        {
          ConnectionName: conn,
          ReqInfo: {
            Name: "g",
            VPCName: "vpc",
            SecurityRules: [{ Direction: "sideways", IPProtocol: "TCP", FromPort: "1", ToPort: "2" }],
          },
        },
        "ReqInfo.SecurityRules.0.Direction",
      ],
      ["GET", `/spider/controlvm/vm-a?${q}&action=explode`, undefined, "action"],
      [
        "POST",
        "/spider/credential",
        { CredentialName: "c", ProviderName: "NOPE", KeyValueInfoList: [{ Key: "k", Value: "v" }] },
        "ProviderName",
      ],
      ["POST", "/spider/vpc", "{not json", "body"],
    ];
    for (const [method, path, body, field] of cases) {
      const answer = await call("a", method, path, body);
      expect(answer.status, `${method} ${path} ${JSON.stringify(answer.body)}`).toBe(400);
      expect(answer.body, `${method} ${path}`).toMatchObject({
        code: "InvalidArgument",
        field,
        message: expect.any(String),
      });
    }
  });

  it("get 413 for a body over the limit", async () => {
    const answer = await h.call("a", "POST", "/spider/vpc", { ConnectionName: conn, pad: "x".repeat(1024 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ code: "InvalidArgument", field: "body", rule: "max-size" });
  });
});

describe("secrets", () => {
  it("never appear in a response or a log line: credentials answer key names only", async () => {
    const { call } = h;
    const secret = "aws-secret-0123456789-DO-NOT-LEAK";
    const added = await call("a", "POST", "/spider/credential", {
      CredentialName: "aws-cred",
      ProviderName: "AWS",
      KeyValueInfoList: [
        { Key: "ClientId", Value: "AKIA-not-secret-id" },
        { Key: "ClientSecret", Value: secret },
      ],
    });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({
      CredentialName: "aws-cred",
      ProviderName: "AWS",
      KeyValueInfoList: [{ Key: "ClientId" }, { Key: "ClientSecret" }],
    });
    const seen = [
      JSON.stringify(added.body),
      JSON.stringify((await call("a", "GET", "/spider/credential")).body),
      JSON.stringify((await call("a", "GET", "/spider/credential/aws-cred")).body),
      JSON.stringify((await call("a", "GET", `/spider/vm/vm-a?${q}`)).body),
      JSON.stringify((await call("a", "GET", `/spider/vm?${q}`)).body),
      // A failure that reaches the error path and the log.
      JSON.stringify(
        (
          await call("a", "POST", "/spider/credential", {
            CredentialName: "aws-cred",
            ProviderName: "AWS",
            KeyValueInfoList: [{ Key: "ClientSecret", Value: secret }],
          })
        ).body,
      ),
    ];
    expect(h.logger.lines.length).toBeGreaterThan(0);
    for (const text of [...seen, ...h.logger.lines]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain("Very-Secret-Passw0rd!");
      expect(text).not.toContain(h.tokens.a);
    }
  });
});

describe("destroy", () => {
  it("deletes every resource of one connection of one tenant, and counts say so", { timeout: 30_000 }, async () => {
    expect((await h.call("a", "GET", `/spider/countvm/${conn}`)).body).toEqual({ count: 1 });
    expect((await h.call("b", "DELETE", `/spider/destroy?${q}`)).body).toMatchObject({ IsAllDestroyed: true });
    expect((await h.call("a", "GET", `/spider/countvm/${conn}`)).body).toEqual({ count: 1 });
    const report = await h.call("a", "DELETE", "/spider/destroy", { ConnectionName: conn });
    expect(report.body).toMatchObject({
      IsAllDestroyed: true,
      DeletedAllListByResourceType: expect.arrayContaining([
        {
          ResourceType: "vm",
          IsAllDeleted: true,
          DeletedIIDList: [{ NameId: "vm-a", SystemId: "" }],
          RemainedErrorInfoList: [],
        },
      ]),
    });
    expect((await h.call("a", "GET", "/spider/countvm")).body).toEqual({ count: 0 });
    expect((await h.call("a", "GET", "/spider/countvpc")).body).toEqual({ count: 0 });
  });
});

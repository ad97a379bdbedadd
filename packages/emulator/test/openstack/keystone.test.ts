/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { describe, expect, it } from "vitest";
import { issueToken, passwordAuth, closingClients } from "./support.js";

const client = closingClients();

describe("OpenStack front: Keystone v3", () => {
  it("issues a scoped token with X-Subject-Token, expires_at and a catalog of every region and service", async () => {
    const c = await client({ tokenTtlMs: 3_600_000 });
    const res = await issueToken(c.front, passwordAuth);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-subject-token")).toBeTruthy();
    expect(res.headers.get("x-openstack-request-id")).toMatch(/^req-/);
    const { token } = (await res.json()) as any;
    expect(token.methods).toEqual(["password"]);
    expect(token.project).toMatchObject({ name: "acme-project", domain: { name: "Default" } });
    expect(Date.parse(token.expires_at) - Date.parse(token.issued_at)).toBe(3_600_000);
    const types = token.catalog.map((s: any) => s.type).sort();
    expect(types).toEqual([
      "block-storage",
      "compute",
      "container-infra",
      "identity",
      "image",
      "load-balancer",
      "network",
      "volumev3",
    ]);
    const compute = token.catalog.find((s: any) => s.type === "compute");
    expect(new Set(compute.endpoints.map((e: any) => e.region))).toEqual(
      new Set(["RegionOne", "kr-central-1", "de-nbg-1", "fr-par-1"]),
    );
    expect(compute.endpoints.find((e: any) => e.region === "de-nbg-1" && e.interface === "public").url).toBe(
      `${c.front.url}/de-nbg-1/compute/v2.1`,
    );
    const volume = token.catalog.find((s: any) => s.type === "volumev3");
    expect(volume.endpoints[0].url).toMatch(new RegExp(`/volume/v3/${token.project.id}$`));
  });

  it("refuses a wrong password, an unknown user and a foreign project with Keystone's 401", async () => {
    const c = await client();
    const wrong = structuredClone(passwordAuth);
    wrong.auth.identity.password.user.password = "nope";
    const res = await issueToken(c.front, wrong);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 401, title: "Unauthorized", message: "The request you have made requires authentication." },
    });
    const foreign = structuredClone(passwordAuth);
    foreign.auth.scope.project.name = "someone-else";
    expect((await issueToken(c.front, foreign)).status).toBe(401);
  });

  it("accepts application credentials, which carry their own scope", async () => {
    const c = await client();
    c.world.identities.add({
      provider: "OPENSTACK",
      key: "ac-1",
      secret: "ac-secret",
      account: "acme",
      attributes: { projectName: "acme-project" },
    });
    const auth = {
      auth: {
        identity: { methods: ["application_credential"], application_credential: { id: "ac-1", secret: "ac-secret" } },
      },
    };
    const res = await issueToken(c.front, auth);
    expect(res.status).toBe(201);
    expect(((await res.json()) as any).token.application_credential.id).toBe("ac-1");
    const scoped = { auth: { ...auth.auth, scope: { project: { name: "acme-project" } } } };
    expect((await issueToken(c.front, scoped)).status).toBe(400);
  });

  it("answers 401 with WWW-Authenticate once a token has expired on the world's clock", async () => {
    const c = await client({ tokenTtlMs: 60_000 });
    expect((await c.call("GET", "/compute/v2.1/flavors")).status).toBe(200);
    c.clock.advance(60_000);
    const res = await c.call("GET", "/compute/v2.1/flavors");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Keystone uri="${c.front.authUrl}"`);
    expect(res.body).toEqual({
      unauthorized: { code: 401, message: "The request you have made requires authentication." },
    });
    expect((await c.call("GET", "/compute/v2.1/flavors", undefined, { "x-auth-token": "forged.token" })).status).toBe(
      401,
    );
  });

  it("lists regions and validates tokens", async () => {
    const c = await client();
    const regions = await c.call("GET", `${c.front.authUrl}/regions`);
    expect(regions.body.regions.map((r: any) => r.id)).toEqual(["RegionOne", "kr-central-1", "de-nbg-1", "fr-par-1"]);
    const valid = await c.call("GET", `${c.front.authUrl}/auth/tokens`, undefined, { "x-subject-token": c.token });
    expect(valid.status).toBe(200);
    expect(valid.body.token.project.id).toBe(c.projectId);
  });
});

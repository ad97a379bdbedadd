/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { account, apiKey, ibmFixture, version } from "./support.js";
import type { IbmFixture } from "./support.js";

describe("the IBM front's IAM and VPC protocol", () => {
  let f: IbmFixture;
  beforeEach(async () => {
    f = await ibmFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it("issues an RS256 JWT for a known API key, with iat, exp and the account", async () => {
    const got = await f.iam({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: apiKey });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "ibm openid" });
    const [header = "", payload = ""] = String(got.body["access_token"]).split(".");
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toMatchObject({ alg: "RS256" });
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ account: { bss: account } });
    expect(Number(claims["exp"]) - Number(claims["iat"])).toBe(3600);
    expect(got.body["expiration"]).toBe(claims["exp"]);
    expect(String(claims["iam_id"])).toMatch(/^iam-/);
  });

  it("renews a token with its refresh token", async () => {
    const first = await f.iam({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: apiKey });
    const renewed = await f.iam({ grant_type: "refresh_token", refresh_token: String(first.body["refresh_token"]) });
    expect(renewed.status).toBe(200);
    expect(renewed.body["access_token"]).toEqual(expect.any(String));
    const bad = await f.iam({ grant_type: "refresh_token", refresh_token: "nope" });
    expect(bad.status).toBe(400);
  });

  it("refuses a wrong API key with IAM's 400 body, and a missing grant type", async () => {
    const wrong = await f.iam({ grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey: "not-a-key" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      errorCode: "BXNIM0415E",
      errorMessage: "Provided API key could not be found.",
      context: expect.objectContaining({ requestId: expect.any(String) }),
    });
    expect(JSON.stringify(wrong.body)).not.toContain("not-a-key");
    const noGrant = await f.iam({ apikey: apiKey });
    expect(noGrant.status).toBe(400);
    expect(noGrant.body).toMatchObject({
      errorCode: "BXNIM0109E",
      errorDetails: expect.stringContaining("grant_type"),
    });
  });

  it("answers 401 not_authorized without a token, with a forged one and with an expired one", async () => {
    const none = await f.vpc("GET", "/regions", { token: null });
    expect(none.status).toBe(401);
    expect(none.body["errors"][0]).toMatchObject({ code: "not_authorized" });
    expect(none.body["trace"]).toEqual(expect.any(String));
    const token = await f.token();
    const [h, p] = token.split(".");
    const forged = await f.vpc("GET", "/regions", { token: `${h}.${p}.AAAA` });
    expect(forged.status).toBe(401);
    expect((await f.vpc("GET", "/regions")).status).toBe(200);
    await f.advance(3_600_000);
    const expired = await f.vpc("GET", "/regions", { token });
    expect(expired.status).toBe(401);
    expect(expired.body["errors"][0]).toMatchObject({
      code: "not_authorized",
      message: expect.stringMatching(/expired/),
    });
  });

  it("requires version (YYYY-MM-DD, 2019-01-01 to today) and generation=2", async () => {
    const cases: [Record<string, string | null>, string][] = [
      [{ version: null }, "missing_version"],
      [{ version: "2024-13-01" }, "invalid_version"],
      [{ version: "2018-12-31" }, "invalid_version_range"],
      [{ version: "2999-01-01" }, "invalid_version_range"],
      [{ generation: null }, "missing_generation_parameter"],
      [{ generation: "1" }, "invalid_generation_parameter"],
    ];
    for (const [query, code] of cases) {
      const got = await f.vpc("GET", "/regions", { query });
      expect(got.status, code).toBe(400);
      expect(got.body["errors"][0], code).toMatchObject({ code, target: { type: "parameter" } });
      expect(got.body["status_code"]).toBe(400);
    }
    expect((await f.vpc("GET", "/regions", { query: { version } })).status).toBe(200);
  });

  it("lists regions with endpoints that lead back to the front, and their zones", async () => {
    const regions = await f.vpc("GET", "/regions");
    const south = regions.body["regions"].find((r: { name: string }) => r.name === "us-south");
    expect(south).toMatchObject({ status: "available", endpoint: `${f.url}/vpc/us-south` });
    const zones = await f.vpc("GET", "/regions/eu-de/zones", { region: "eu-de" });
    expect(zones.body["zones"].map((z: { name: string }) => z.name)).toEqual(["eu-de-1", "eu-de-2", "eu-de-3"]);
    expect((await f.vpc("GET", "/regions/mars-1")).status).toBe(404);
    expect((await f.vpc("GET", "/nowhere")).body["errors"][0]["code"]).toBe("invalid_route");
  });
});

describe("the IBM front's rate limits", () => {
  it("answers 429 rate_limit_exceeded with Retry-After when the account's bucket is empty", async () => {
    const f = await ibmFixture({
      world: {
        rateLimits: { IBM: [{ name: "reads", access: "read", bucket: "shared", capacity: 2, refillPerSecond: 1 }] },
      },
    });
    try {
      expect((await f.vpc("GET", "/regions")).status).toBe(200);
      expect((await f.vpc("GET", "/regions")).status).toBe(200);
      const throttled = await f.vpc("GET", "/regions");
      expect(throttled.status).toBe(429);
      expect(throttled.body["errors"][0]["code"]).toBe("rate_limit_exceeded");
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      await f.advance(1_000);
      expect((await f.vpc("GET", "/regions")).status).toBe(200);
    } finally {
      await f.close();
    }
  });
});

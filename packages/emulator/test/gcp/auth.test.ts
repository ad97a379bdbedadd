import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clientEmail, project, reasonOf, selfSigned, signJwt, start } from "./support.js";

// Google's two forms of service-account authentication, on the wire.

const zonesOps = `/compute/v1/projects/${project}/zones/us-central1-a/operations`;

describe("the GCP front's authentication", () => {
  it("accepts a self-signed JWT for the service and refuses a missing, forged, expired or foreign one", async () => {
    const { send } = await start();
    expect((await send("GET", zonesOps)).status).toBe(200);
    const missing = await send("GET", zonesOps, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.json["error"]).toMatchObject({ code: 401, status: "UNAUTHENTICATED" });
    expect(reasonOf(missing)).toBe("required");
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const iat = Math.floor(Date.now() / 1000);
    const claims = { iss: clientEmail, sub: clientEmail, aud: "https://compute.googleapis.com/", iat, exp: iat + 3600 };
    const forged = await send("GET", zonesOps, { token: signJwt(claims, {}, other) });
    expect(forged.status).toBe(401);
    expect(reasonOf(forged)).toBe("authError");
    expect(forged.headers["www-authenticate"]).toMatch(/error="invalid_token"/);
    const expired = selfSigned({ iat: iat - 7200, exp: iat - 3600 });
    expect((await send("GET", zonesOps, { token: expired })).status).toBe(401);
    const tooLong = selfSigned({ exp: iat + 7200 });
    expect((await send("GET", zonesOps, { token: tooLong })).status).toBe(401);
    const unknownKid = selfSigned({}, { kid: "ffff" });
    expect((await send("GET", zonesOps, { token: unknownKid })).status).toBe(401);
    const otherAudience = selfSigned({ aud: "https://storage.googleapis.com/" });
    expect((await send("GET", zonesOps, { token: otherAudience })).status).toBe(401);
    const wrongIssuer = selfSigned({ iss: "someone@else.iam.gserviceaccount.com" });
    expect((await send("GET", zonesOps, { token: wrongIssuer })).status).toBe(401);
    const scoped = selfSigned({ aud: undefined, scope: "https://www.googleapis.com/auth/cloud-platform" });
    expect((await send("GET", zonesOps, { token: scoped })).status).toBe(200);
    const foreign = await send("GET", `/compute/v1/projects/not-mine/zones/us-central1-a/operations`);
    expect(foreign.status).toBe(403);
    expect(reasonOf(foreign)).toBe("forbidden");
  });

  it("exchanges a JWT-bearer assertion for an access token at POST /token", async () => {
    const { send, front } = await start({ tokenTtlMs: 60_000 });
    const iat = Math.floor(Date.now() / 1000);
    const assertion = (aud: string, scope?: string) =>
      signJwt({ iss: clientEmail, aud, iat, exp: iat + 3600, ...(scope ? { scope } : {}) });
    const form = (a: string, grant = "urn:ietf:params:oauth:grant-type:jwt-bearer") =>
      new URLSearchParams({ grant_type: grant, assertion: a }).toString();
    const scope = "https://www.googleapis.com/auth/compute";
    const granted = await send("POST", "/token", { form: form(assertion(`${front.url}/token`, scope)), token: null });
    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ token_type: "Bearer", expires_in: 59 });
    const accessToken = String(granted.json["access_token"]);
    expect(accessToken).toMatch(/^ya29\./);
    expect((await send("GET", zonesOps, { token: accessToken })).status).toBe(200);
    expect((await send("GET", zonesOps, { token: "ya29.not-issued" })).status).toBe(401);
    const google = await send("POST", "/token", {
      form: form(assertion("https://oauth2.googleapis.com/token", scope)),
      token: null,
    });
    expect(google.status).toBe(200);
    const wrongAud = await send("POST", "/token", {
      form: form(assertion("https://example.com/", scope)),
      token: null,
    });
    expect(wrongAud.json).toMatchObject({ error: "invalid_grant" });
    const noScope = await send("POST", "/token", { form: form(assertion(`${front.url}/token`)), token: null });
    expect(noScope.json).toMatchObject({ error: "invalid_scope" });
    const badGrant = await send("POST", "/token", { form: form("x", "client_credentials"), token: null });
    expect(badGrant.json).toMatchObject({ error: "unsupported_grant_type" });
    const forged = await send("POST", "/token", {
      form: form(`${assertion(`${front.url}/token`, scope)}x`),
      token: null,
    });
    expect(forged.status).toBe(400);
    expect(forged.json).toMatchObject({ error: "invalid_grant" });
  });
});

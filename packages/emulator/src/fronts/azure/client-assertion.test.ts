import { X509Certificate, constants, createHash, createPrivateKey, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../self-signed.js";
import { checkClientAssertion, jwtBearer } from "./client-assertion.js";

const clientId = "12345678-90ab-cdef-1234-567890abcdef";
const audience = "https://127.0.0.1:4443/tenant/oauth2/v2.0/token";
const now = Math.floor(Date.now() / 1000);
const app = selfSignedCertificate({ keyType: "rsa" });
const der = new X509Certificate(app.cert).raw;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A client assertion as MSAL makes one, with the parts a case changes. */
function assertion(
  options: { alg?: string; header?: object; claims?: object; key?: string; sha1?: boolean } = {},
): string {
  const alg = options.alg ?? "PS256";
  const thumbprint = options.sha1
    ? { x5t: createHash("sha1").update(der).digest("base64url") }
    : { "x5t#S256": createHash("sha256").update(der).digest("base64url") };
  const header = { alg, typ: "JWT", ...thumbprint, ...options.header };
  const claims = { aud: audience, iss: clientId, sub: clientId, nbf: now, exp: now + 600, jti: "j", ...options.claims };
  const data = `${b64(header)}.${b64(claims)}`;
  const key = createPrivateKey(options.key ?? app.key);
  const signature =
    alg === "PS256"
      ? sign("sha256", Buffer.from(data), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : sign("sha256", Buffer.from(data), key);
  return `${data}.${signature.toString("base64url")}`;
}

const check = (jwt: string, assertionType: string | null = jwtBearer) =>
  checkClientAssertion({ assertion: jwt, assertionType, clientId, certificates: app.cert, audience, nowSeconds: now });

describe("checkClientAssertion", () => {
  it("accepts PS256 with x5t#S256 and RS256 with x5t, signed by the registered certificate's key", () => {
    expect(check(assertion())).toBeUndefined();
    expect(check(assertion({ alg: "RS256", sha1: true }))).toBeUndefined();
  });

  it("refuses what Entra ID refuses, with its OAuth error and AADSTS code", () => {
    const other = selfSignedCertificate({ keyType: "rsa" });
    const cases: [string, string | null, string, number][] = [
      [assertion(), "urn:ietf:params:oauth:client-assertion-type:saml2-bearer", "invalid_request", 50027],
      ["not.a-jwt", jwtBearer, "invalid_request", 50027],
      [assertion({ alg: "HS256" }), jwtBearer, "invalid_client", 5002738],
      [assertion({ header: { "x5t#S256": "AAAA" } }), jwtBearer, "invalid_client", 700027],
      [assertion({ key: other.key }), jwtBearer, "invalid_client", 700027],
      [assertion({ claims: { iss: "someone-else" } }), jwtBearer, "invalid_client", 700021],
      [assertion({ claims: { aud: "https://login.microsoftonline.com/common" } }), jwtBearer, "invalid_client", 50012],
      [assertion({ claims: { nbf: now - 7200, exp: now - 3600 } }), jwtBearer, "invalid_client", 700024],
      [assertion({ claims: { exp: undefined } }), jwtBearer, "invalid_client", 700024],
    ];
    for (const [jwt, type, error, aadsts] of cases) {
      expect(check(jwt, type), `${error} ${aadsts}`).toMatchObject({ error, aadsts });
    }
  });
});

import { X509Certificate, constants, createHash, verify } from "node:crypto";

// Microsoft Entra ID's certificate credential (private_key_jwt): the client sends
// client_assertion_type urn:ietf:params:oauth:client-assertion-type:jwt-bearer and a JWT signed
// RS256 or PS256 with the key of a certificate registered on the application, named in the header
// by its SHA-1 (`x5t`) or SHA-256 (`x5t#S256`) thumbprint; iss and sub are the client id, aud the
// token endpoint, with nbf/exp around now. What does not hold is refused as Entra ID refuses it.

export const jwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** A refusal of the token request, as the OAuth error and AADSTS code Entra ID answers. */
export interface AssertionRefusal {
  status: number;
  error: string;
  aadsts: number;
  description: string;
}

export interface AssertionCheck {
  assertion: string;
  assertionType: string | null;
  clientId: string;
  /** PEM of the application's registered certificates (public parts), concatenated. */
  certificates: string;
  /** The token endpoint's URL, the audience the assertion must name. */
  audience: string;
  nowSeconds: number;
}

/** Clock skew Entra ID tolerates on nbf and exp. */
const skewSeconds = 300;

const b64url = (b: Buffer) => b.toString("base64url");

function parseCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

function decode(part: string | undefined): Record<string, unknown> | undefined {
  if (part === undefined || !/^[\w-]+$/.test(part)) return undefined;
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Undefined when the assertion proves the client; else Entra ID's refusal. */
export function checkClientAssertion(check: AssertionCheck): AssertionRefusal | undefined {
  const invalidClient = (aadsts: number, description: string): AssertionRefusal => ({
    status: 401,
    error: "invalid_client",
    aadsts,
    description,
  });
  if (check.assertionType !== jwtBearer) {
    return {
      status: 400,
      error: "invalid_request",
      aadsts: 50027,
      description: `Invalid client_assertion_type '${check.assertionType ?? ""}'. It must be '${jwtBearer}'.`,
    };
  }
  const parts = check.assertion.split(".");
  const header = decode(parts[0]);
  const claims = decode(parts[1]);
  const signature = parts[2];
  if (parts.length !== 3 || !header || !claims || !signature || !/^[\w-]+$/.test(signature)) {
    return { status: 400, error: "invalid_request", aadsts: 50027, description: "JWT token is invalid or malformed." };
  }
  const alg = header["alg"];
  if (alg !== "RS256" && alg !== "PS256") {
    return invalidClient(
      5002738,
      `Invalid JWT token. '${String(alg)}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, RS384, RS512, PS256'.`,
    );
  }
  const x5t256 = typeof header["x5t#S256"] === "string" ? header["x5t#S256"] : undefined;
  const x5t = typeof header["x5t"] === "string" ? header["x5t"] : undefined;
  const presented = x5t256 ?? x5t ?? "";
  const thumbprintHex = Buffer.from(presented, "base64url").toString("hex").toUpperCase();
  const certificate = parseCertificates(check.certificates).find((c) =>
    x5t256 !== undefined
      ? b64url(createHash("sha256").update(c.raw).digest()) === x5t256
      : b64url(createHash("sha1").update(c.raw).digest()) === x5t,
  );
  const keyNotFound = `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprintHex}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${check.clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployment-guide to learn how to configure keys.]`;
  if (presented === "" || !certificate) return invalidClient(700027, keyNotFound);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const key = certificate.publicKey;
  const valid =
    key.asymmetricKeyType === "rsa" &&
    verify(
      "sha256",
      signed,
      alg === "PS256" ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key,
      Buffer.from(signature, "base64url"),
    );
  if (!valid) {
    return invalidClient(
      700027,
      `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprintHex}', Found key 'Start=${new Date(certificate.validFrom).toISOString()}, End=${new Date(certificate.validTo).toISOString()}']`,
    );
  }
  const validTo = Date.parse(certificate.validTo) / 1000;
  if (validTo < check.nowSeconds) {
    return invalidClient(
      700027,
      `Client assertion failed signature validation. [Reason - The key used is expired., Thumbprint of key used by client: '${thumbprintHex}']`,
    );
  }
  if (claims["iss"] !== check.clientId || claims["sub"] !== check.clientId) {
    return invalidClient(700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
  }
  // The token endpoint, compared without case (Entra ID's own documentation once wrote "V2.0").
  if (typeof claims["aud"] !== "string" || claims["aud"].toLowerCase() !== check.audience.toLowerCase()) {
    return invalidClient(50012, "Client assertion audience claim does not match Realm issuer.");
  }
  const nbf = typeof claims["nbf"] === "number" ? claims["nbf"] : undefined;
  const exp = typeof claims["exp"] === "number" ? claims["exp"] : undefined;
  if (
    exp === undefined ||
    exp + skewSeconds < check.nowSeconds ||
    (nbf !== undefined && nbf - skewSeconds > check.nowSeconds)
  ) {
    const at = (s: number | undefined) => (s === undefined ? "" : new Date(s * 1000).toISOString());
    return invalidClient(
      700024,
      `Client assertion is not within its valid time range. Current time: ${at(check.nowSeconds)}, assertion valid from ${at(nbf)}, expiry time of assertion ${at(exp)}.`,
    );
  }
  return undefined;
}

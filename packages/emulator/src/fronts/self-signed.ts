import { X509Certificate, generateKeyPairSync, randomBytes, sign } from "node:crypto";

// A self-signed certificate for fronts that must speak HTTPS (Azure's SDK sends bearer tokens over
// HTTPS only). Node can make keys and sign but not build certificates, so the few DER structures of
// an X.509 v3 certificate are written here rather than pulled in from a dependency.

/** A PEM private key and the certificate over its public key, for loopback only. */
export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
export const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
export const set = (...items: Buffer[]) => tlv(0x31, ...items);
export const explicit = (n: number, item: Buffer) => tlv(0xa0 + n, item);

export function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** A non-negative integer (big-endian bytes) in DER: minimal, so no leading zero byte unless the sign needs one. */
export function derInteger(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const digits = value.length === 0 ? Buffer.from([0]) : value.subarray(start);
  // DER integers are signed: a leading 1 bit needs a zero byte before it.
  return tlv(0x02, (digits[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), digits]) : digits);
}

/** UTCTime (YYMMDDHHMMSSZ) for years before 2050, GeneralizedTime after, as RFC 5280 asks. */
export function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const name = (commonName: string) => sequence(set(sequence(oid("2.5.4.3"), tlv(0x0c, Buffer.from(commonName)))));

/**
 * An ECDSA P-256 key (or, with `keyType: "rsa"`, an RSA 2048 key: what Microsoft Entra ID takes as
 * an application's certificate credential) and a self-signed X.509 v3 certificate for `localhost`
 * and 127.0.0.1, valid from an hour ago for `days` days. Trust it by giving `cert` as the client's
 * `ca`, never globally.
 */
export function selfSignedCertificate(
  options: { commonName?: string; days?: number; keyType?: "ec" | "rsa" } = {},
): SelfSignedCertificate {
  const rsa = options.keyType === "rsa";
  const { privateKey, publicKey } = rsa
    ? generateKeyPairSync("rsa", { modulusLength: 2048 })
    : generateKeyPairSync("ec", { namedCurve: "P-256" });
  // sha256WithRSAEncryption takes a NULL parameter, ecdsa-with-SHA256 none.
  const signatureAlgorithm = rsa
    ? sequence(oid("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]))
    : sequence(oid("1.2.840.10045.4.3.2"));
  const subject = name(options.commonName ?? "cloud-barista-emulator");
  const now = Date.now();
  const validity = sequence(time(new Date(now - 3_600_000)), time(new Date(now + (options.days ?? 30) * 86_400_000)));
  const altNames = sequence(tlv(0x82, Buffer.from("localhost")), tlv(0x87, Buffer.from([127, 0, 0, 1])));
  const subjectAltName = sequence(oid("2.5.29.17"), tlv(0x04, altNames));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, derInteger(Buffer.from([2]))),
    derInteger(serial),
    signatureAlgorithm,
    subject,
    validity,
    subject,
    publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(subjectAltName)),
  );
  const signature = sign("sha256", tbs, { key: privateKey, dsaEncoding: "der" });
  const der = sequence(tbs, signatureAlgorithm, tlv(0x03, Buffer.from([0]), signature));
  const body = der.toString("base64").replace(/.{64}/g, "$&\n");
  const cert = `-----BEGIN CERTIFICATE-----\n${body}${body.endsWith("\n") ? "" : "\n"}-----END CERTIFICATE-----\n`;
  // Parse it once: a malformed structure fails here, at start, rather than in a client's handshake.
  new X509Certificate(cert);
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), cert };
}

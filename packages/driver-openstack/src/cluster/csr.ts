import { generateKeyPairSync, sign } from "node:crypto";

// Magnum hands out cluster access as a certificate: the client makes a key, sends a PKCS#10
// certificate signing request to /v1/certificates and gets it signed by the cluster's CA (what
// `openstack coe cluster config` does). Node signs but cannot build a CSR, so its few DER
// structures are written here.

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...items: Buffer[]) => tlv(0x30, ...items);
const set = (...items: Buffer[]) => tlv(0x31, ...items);

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split(".").map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

const utf8 = (value: string) => tlv(0x0c, Buffer.from(value, "utf8"));
const attribute = (type: string, value: string) => set(sequence(oid(type), utf8(value)));

function pem(label: string, der: Buffer): string {
  const body = der.toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN ${label}-----\n${body}${body.endsWith("\n") ? "" : "\n"}-----END ${label}-----\n`;
}

export interface ClientKeyAndCsr {
  /** The PKCS#8 PEM private key; it never leaves the client. */
  key: string;
  /** The PEM certificate signing request. */
  csr: string;
}

/**
 * A fresh ECDSA P-256 key and a CSR for a Kubernetes user: the common name is the user name and
 * each organization a group (Kubernetes reads client certificates so), as Magnum's own client asks
 * for "admin" in "system:masters".
 */
export function clientKeyAndCsr(user: string, groups: readonly string[]): ClientKeyAndCsr {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const subject = sequence(...groups.map((g) => attribute("2.5.4.10", g)), attribute("2.5.4.3", user));
  const info = sequence(
    tlv(0x02, Buffer.from([0])),
    subject,
    publicKey.export({ type: "spki", format: "der" }),
    // No attributes: [0] IMPLICIT SET OF, empty.
    Buffer.from([0xa0, 0x00]),
  );
  const signature = sign("sha256", info, { key: privateKey, dsaEncoding: "der" });
  const der = sequence(info, sequence(oid("1.2.840.10045.4.3.2")), tlv(0x03, Buffer.from([0]), signature));
  return {
    key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    csr: pem("CERTIFICATE REQUEST", der),
  };
}

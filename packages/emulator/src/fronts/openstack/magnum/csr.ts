import { createPublicKey, verify } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { badRequest } from "../http.js";

// Reads a PKCS#10 certificate signing request far enough to sign it: the subject (common name and
// organizations, Kubernetes' user and groups), the public key, and the proof that the sender holds
// the private key (the request's own signature, checked here as Magnum's x509 module does).

interface Tlv {
  tag: number;
  /** The whole element (tag, length, content). */
  raw: Buffer;
  content: Buffer;
}

function readTlv(data: Buffer, at: number): Tlv & { end: number } {
  const tag = data[at];
  let length = data[at + 1];
  if (tag === undefined || length === undefined) throw badRequest("Invalid csr: truncated DER.");
  let offset = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw badRequest("Invalid csr: bad DER length.");
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (data[offset + i] ?? 0);
    offset += bytes;
  }
  const end = offset + length;
  if (end > data.length) throw badRequest("Invalid csr: truncated DER.");
  return { tag, raw: data.subarray(at, end), content: data.subarray(offset, end), end };
}

function children(parent: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < parent.length;) {
    const item = readTlv(parent, at);
    out.push(item);
    at = item.end;
  }
  return out;
}

const oids: Readonly<Record<string, string>> = {
  "550403": "CN",
  "55040a": "O",
  // ecdsa-with-SHA256, sha256WithRSAEncryption, ecdsa-with-SHA384, sha384WithRSAEncryption
  "2a8648ce3d040302": "sha256",
  "2a864886f70d01010b": "sha256",
  "2a8648ce3d040303": "sha384",
  "2a864886f70d01010c": "sha384",
};

export interface ParsedCsr {
  commonName: string;
  organizations: string[];
  publicKey: KeyObject;
  /** The subject Name, DER, as the certificate will carry it. */
  subject: Buffer;
}

/** Parses and verifies a PEM CSR; a 400 for anything malformed or a signature that does not hold. */
export function parseCsr(pem: string): ParsedCsr {
  const body = /-----BEGIN CERTIFICATE REQUEST-----([\s\S]+?)-----END CERTIFICATE REQUEST-----/.exec(pem)?.[1];
  if (body === undefined) throw badRequest("Invalid csr: no PEM certificate request.");
  const der = Buffer.from(body.replace(/\s+/g, ""), "base64");
  const [info, algorithm, signature] = children(readTlv(der, 0).content);
  if (!info || !algorithm || !signature || signature.tag !== 0x03) throw badRequest("Invalid csr: not PKCS#10.");
  const [, subject, spki] = children(info.content);
  if (!subject || !spki) throw badRequest("Invalid csr: not PKCS#10.");
  const algorithmOid = children(algorithm.content)[0]?.content.toString("hex") ?? "";
  const hash = oids[algorithmOid];
  if (hash === undefined) throw badRequest("Invalid csr: unsupported signature algorithm.");
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: spki.raw, format: "der", type: "spki" });
  } catch {
    throw badRequest("Invalid csr: unreadable public key.");
  }
  // A BIT STRING's first content byte counts unused bits (0 here).
  if (!verify(hash, info.raw, { key: publicKey, dsaEncoding: "der" }, signature.content.subarray(1)))
    throw badRequest("Invalid csr: the signature does not match its public key.");
  let commonName = "";
  const organizations: string[] = [];
  for (const rdn of children(subject.content)) {
    for (const attribute of children(rdn.content)) {
      const [type, value] = children(attribute.content);
      const name = oids[type?.content.toString("hex") ?? ""];
      const text = value?.content.toString("utf8") ?? "";
      if (name === "CN") commonName = text;
      if (name === "O") organizations.push(text);
    }
  }
  if (commonName === "") throw badRequest("Invalid csr: the subject has no common name.");
  return { commonName, organizations, publicKey, subject: subject.raw };
}

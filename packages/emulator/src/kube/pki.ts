import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { derInteger, explicit, oid, sequence, set, time, tlv } from "../fronts/self-signed.js";

// A cluster's own certificate authority, as a managed Kubernetes control plane has one: it signs
// the API server's certificate (which kubeconfigs trust through `certificate-authority-data`) and
// client certificates (whose O= fields Kubernetes reads as groups). ECDSA P-256 throughout.

/** A private key and its certificate, both PEM. */
export interface KeyAndCertificate {
  /** PKCS#8 PEM. */
  key: string;
  /** PEM. */
  cert: string;
}

/** Who a client certificate names: Kubernetes reads the user from CN and the groups from O. */
export interface CertificateSubject {
  commonName: string;
  /** Organizations, in Kubernetes terms the user's groups ("system:masters"). */
  organizations?: readonly string[];
}

type Usage = "ca" | "server" | "client";

const ecdsaWithSha256 = sequence(oid("1.2.840.10045.4.3.2"));

function distinguishedName(subject: CertificateSubject): Buffer {
  const rdn = (type: string, value: string) => set(sequence(oid(type), tlv(0x0c, Buffer.from(value))));
  return sequence(...(subject.organizations ?? []).map((o) => rdn("2.5.4.10", o)), rdn("2.5.4.3", subject.commonName));
}

const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), tlv(0x04, value));

function extensionsFor(usage: Usage): Buffer[] {
  // keyUsage bits: keyCertSign + cRLSign for a CA, digitalSignature otherwise (ECDSA keys sign).
  const keyUsage = usage === "ca" ? Buffer.from([0x03, 0x02, 0x01, 0x06]) : Buffer.from([0x03, 0x02, 0x07, 0x80]);
  const extensions = [
    extension("2.5.29.19", true, usage === "ca" ? sequence(Buffer.from([0x01, 0x01, 0xff])) : sequence()),
    extension("2.5.29.15", true, keyUsage),
  ];
  if (usage === "server") {
    extensions.push(extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.1"))));
    const names = sequence(
      ...["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"].map((n) =>
        tlv(0x82, Buffer.from(n)),
      ),
      tlv(0x87, Buffer.from([127, 0, 0, 1])),
    );
    extensions.push(extension("2.5.29.17", false, names));
  }
  if (usage === "client") extensions.push(extension("2.5.29.37", false, sequence(oid("1.3.6.1.5.5.7.3.2"))));
  return extensions;
}

function toPem(der: Buffer): string {
  const body = der.toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN CERTIFICATE-----\n${body}${body.endsWith("\n") ? "" : "\n"}-----END CERTIFICATE-----\n`;
}

/** Builds and signs one certificate over `publicKey`; self-signed when no issuer is given. */
function certificate(options: {
  subject: CertificateSubject;
  publicKey: KeyObject;
  usage: Usage;
  days: number;
  issuer?: { subject: Buffer; key: KeyObject };
}): string {
  const subject = distinguishedName(options.subject);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const now = Date.now();
  const tbs = sequence(
    explicit(0, derInteger(Buffer.from([2]))),
    derInteger(serial),
    ecdsaWithSha256,
    options.issuer?.subject ?? subject,
    sequence(time(new Date(now - 3_600_000)), time(new Date(now + options.days * 86_400_000))),
    subject,
    options.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...extensionsFor(options.usage))),
  );
  const signer = options.issuer?.key;
  if (!signer) throw new Error("certificate: no signing key");
  const signature = sign("sha256", tbs, { key: signer, dsaEncoding: "der" });
  const pem = toPem(sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.from([0]), signature)));
  new X509Certificate(pem);
  return pem;
}

/** The subject Name of a PEM certificate, as DER (an issuer field must repeat it byte for byte). */
function subjectDer(certPem: string): Buffer {
  // TBSCertificate: [0] version, serial, signature algorithm, issuer, validity, subject, ...
  const der = new X509Certificate(certPem).raw;
  const children = (buf: Buffer, offset: number): { start: number; end: number; header: number }[] => {
    const items: { start: number; end: number; header: number }[] = [];
    const parent = readTlv(buf, offset);
    let at = parent.start + parent.header;
    while (at < parent.end) {
      const item = readTlv(buf, at);
      items.push(item);
      at = item.end;
    }
    return items;
  };
  const [tbs] = children(der, 0);
  if (!tbs) throw new Error("certificate without a body");
  const fields = children(der, tbs.start);
  const subject = fields[5];
  if (!subject) throw new Error("certificate without a subject");
  return der.subarray(subject.start, subject.end);
}

function readTlv(buf: Buffer, start: number): { start: number; end: number; header: number } {
  const first = buf[start + 1] ?? 0;
  if (first < 0x80) return { start, header: 2, end: start + 2 + first };
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (buf[start + 2 + i] ?? 0);
  return { start, header: 2 + count, end: start + 2 + count + length };
}

/** A new CA: its key and self-signed certificate, valid ten years. */
export function newCertificateAuthority(commonName: string): KeyAndCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const cert = certificate({
    subject: { commonName },
    publicKey,
    usage: "ca",
    days: 3650,
    issuer: { subject: distinguishedName({ commonName }), key: privateKey },
  });
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), cert };
}

/**
 * A new key and a certificate for it signed by `ca`: a server certificate for 127.0.0.1 and
 * localhost, or a client certificate for `subject` (valid a year).
 */
export function issueCertificate(
  ca: KeyAndCertificate,
  usage: "server" | "client",
  subject: CertificateSubject,
): KeyAndCertificate {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const cert = certifyPublicKey(ca, usage, subject, publicKey);
  return { key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), cert };
}

/** A certificate signed by `ca` over someone else's public key (a CSR's), valid a year. */
export function certifyPublicKey(
  ca: KeyAndCertificate,
  usage: "server" | "client",
  subject: CertificateSubject,
  publicKey: KeyObject,
): string {
  return certificate({
    subject,
    publicKey,
    usage,
    days: 365,
    issuer: { subject: subjectDer(ca.cert), key: createPrivateKey(ca.key) },
  });
}

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box.js";

describe("SecretBox", () => {
  const key = randomBytes(32);

  it("seals with a fresh IV each time and opens with the same key and binding", () => {
    const box = new SecretBox(key);
    const a = box.seal("s3cr3t-value", "credential/a/secret");
    const b = box.seal("s3cr3t-value", "credential/a/secret");
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cr3t");
    expect(box.open(a, "credential/a/secret")).toBe("s3cr3t-value");
  });

  it("accepts hex and base64 keys and rejects keys of the wrong size", () => {
    const sealed = new SecretBox(key).seal("v", "x");
    expect(SecretBox.from(key.toString("hex")).open(sealed, "x")).toBe("v");
    expect(SecretBox.from(key.toString("base64")).open(sealed, "x")).toBe("v");
    expect(() => SecretBox.from("too-short")).toThrow(
      expect.objectContaining({ field: "encryptionKey", rule: "key-length" }),
    );
  });

  it("refuses a wrong key, a moved value and a tampered value", () => {
    const box = new SecretBox(key);
    const sealed = box.seal("value", "credential/a/k");
    expect(() => new SecretBox(randomBytes(32)).open(sealed, "credential/a/k")).toThrow(
      expect.objectContaining({ code: "PermissionDenied" }),
    );
    expect(() => box.open(sealed, "credential/b/k")).toThrow(expect.objectContaining({ code: "PermissionDenied" }));
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3] ?? "", "base64");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString("base64");
    expect(() => box.open(parts.join("."), "credential/a/k")).toThrow(
      expect.objectContaining({ code: "PermissionDenied" }),
    );
  });

  it("tags records in clear: the same data and key give the same tag, anything else does not verify", () => {
    const box = new SecretBox(key);
    const tag = box.tag('{"endpoint":"https://keystone.example/v3"}');
    expect(box.verifyTag('{"endpoint":"https://keystone.example/v3"}', tag)).toBe(true);
    expect(box.verifyTag('{"endpoint":"https://attacker.example/v3"}', tag)).toBe(false);
    expect(new SecretBox(randomBytes(32)).verifyTag('{"endpoint":"https://keystone.example/v3"}', tag)).toBe(false);
    expect(box.verifyTag("x", "")).toBe(false);
    expect(tag).not.toContain(key.toString("base64url"));
  });

  it("names its key by a fingerprint that differs between keys and reveals nothing of it", () => {
    const box = new SecretBox(key);
    expect(SecretBox.from(key.toString("hex")).keyId).toBe(box.keyId);
    expect(new SecretBox(randomBytes(32)).keyId).not.toBe(box.keyId);
    expect(box.keyId).toMatch(/^[0-9a-f]{32}$/);
    expect(key.toString("hex")).not.toContain(box.keyId);
  });
});

import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { BaristaError } from "../errors.js";
import { createRedactor, redactError } from "./redact.js";

const secret = "Sentinel-5e1f0c9a";

describe("redactError", () => {
  it("removes a secret from the message, stack, text fields and every cause", () => {
    const vendor = Object.assign(new Error(`POST failed: {"password":"${secret}"}`), {
      config: { data: `{"password":"${secret}"}` },
    });
    const error = new BaristaError("NotFound", `key pair "${secret}" does not exist`, {
      resourceType: "keyPair",
      resourceName: secret,
      nativeCode: `InvalidKeyPair.NotFound ${secret}`,
      requestId: `req-${secret}`,
      cause: new BaristaError("ProviderError", "inner", { resourceName: secret, cause: vendor }),
    });
    const redacted = redactError(error, createRedactor([secret]));
    expect(redacted.resourceName).toBe("[REDACTED]");
    expect(redacted.nativeCode).toBe("InvalidKeyPair.NotFound [REDACTED]");
    expect(redacted.resourceType).toBe("keyPair");
    expect(inspect(redacted, { depth: 20, showHidden: true })).not.toContain(secret);
    expect(JSON.stringify(redacted)).not.toContain(secret);
    expect(JSON.stringify(redacted)).toContain('"resourceName":"[REDACTED]"');
  });
});

describe("createRedactor", () => {
  it("redacts each long line of a multi-line secret, as a PEM key may be quoted a line at a time", () => {
    const pem =
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n";
    const redact = createRedactor([pem]);
    expect(redact(`bad key line MIIEvQIBADANBgkqhkiG9w0BAQEFAASC at 2`)).toBe("bad key line [REDACTED] at 2");
    expect(redact(pem.replace(/\n/g, "\r\n"))).not.toMatch(/MIIEvQ|BKcwgg/);
    expect(redact(pem)).toBe("[REDACTED]");
    // The armour is public (and names what a refusal is about); short lines are left to the whole value.
    expect(redact("needs -----BEGIN PRIVATE KEY-----")).toBe("needs -----BEGIN PRIVATE KEY-----");
    expect(redact("BKcwggSjAgEAAoIBAQC7")).toBe("[REDACTED]");
    expect(redact("QC7")).toBe("QC7");
  });
});

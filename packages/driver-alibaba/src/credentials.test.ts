import { describe, expect, it } from "vitest";
import { credentialFrom } from "./credentials.js";

const refusal = (values: Record<string, string>) => {
  try {
    credentialFrom(values);
  } catch (error) {
    return error as { code: string; field: string; message: string };
  }
  throw new Error("expected a refusal");
};

describe("credentialFrom", () => {
  it("takes an AccessKey, and an STS one with its token", () => {
    expect(credentialFrom({ accessKeyId: "LTAI5tKey", accessKeySecret: "s3cret" })).toEqual({
      accessKeyId: "LTAI5tKey",
      accessKeySecret: "s3cret",
    });
    expect(credentialFrom({ accessKeyId: "STS.key", accessKeySecret: "s", securityToken: "CAIS" })).toEqual({
      accessKeyId: "STS.key",
      accessKeySecret: "s",
      securityToken: "CAIS",
    });
  });

  it("refuses what is missing or malformed, quoting no value", () => {
    expect(refusal({ accessKeySecret: "s3cret" }).field).toBe("credential.accessKeyId");
    expect(refusal({ accessKeyId: "LTAI5tKey" }).field).toBe("credential.accessKeySecret");
    expect(refusal({ accessKeyId: "STS.key", accessKeySecret: "s3cret" }).field).toBe("credential.securityToken");
    const spaced = refusal({ accessKeyId: "LTAI key", accessKeySecret: "s3cret" });
    expect([spaced.code, spaced.field]).toEqual(["InvalidArgument", "credential.accessKeyId"]);
    expect(spaced.message).not.toContain("s3cret");
    expect(spaced.message).not.toContain("LTAI key");
  });
});

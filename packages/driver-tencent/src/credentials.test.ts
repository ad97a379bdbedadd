import { describe, expect, it } from "vitest";
import { credentialFrom } from "./credentials.js";

describe("credentialFrom", () => {
  it("takes a key pair, a token and a UIN", () => {
    expect(credentialFrom({ secretId: "AKIDx", secretKey: "k", token: "t", uin: "100012345678" })).toEqual({
      secretId: "AKIDx",
      secretKey: "k",
      token: "t",
      uin: "100012345678",
    });
    expect(credentialFrom({ secretId: "AKIDx", secretKey: "k" })).toEqual({ secretId: "AKIDx", secretKey: "k" });
  });

  it("refuses a missing or malformed part, quoting no value", () => {
    const refused = (values: Record<string, string>) => {
      try {
        credentialFrom(values);
      } catch (error) {
        return error as { field?: string; message: string };
      }
      throw new Error("accepted");
    };
    expect(refused({ secretKey: "k" }).field).toBe("credential.secretId");
    expect(refused({ secretId: "AKIDx" }).field).toBe("credential.secretKey");
    const spaced = refused({ secretId: "AKID with space", secretKey: "k" });
    expect([spaced.field, spaced.message.includes("AKID with")]).toEqual(["credential.secretId", false]);
    expect(refused({ secretId: "AKIDx", secretKey: "k", uin: "not-a-uin" }).field).toBe("credential.uin");
  });
});

import { describe, expect, it } from "vitest";
import { JwtSigner } from "./jwt.js";

const claims = { iam_id: "iam-x", account: { bss: "acct", valid: true }, iat: 1, exp: 2 };

describe("JwtSigner", () => {
  it("verifies its own tokens and refuses altered or foreign ones", () => {
    const signer = new JwtSigner();
    const token = signer.sign(claims);
    expect(signer.verify(token)).toMatchObject(claims);
    const [header, , signature] = token.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: 99 })).toString("base64url")}.${signature}`;
    expect(signer.verify(forged)).toBeUndefined();
    expect(new JwtSigner().verify(token)).toBeUndefined();
    expect(signer.verify("not.a-token")).toBeUndefined();
  });
});

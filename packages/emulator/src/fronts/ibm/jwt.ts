import { createSign, createVerify, generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";

/** The claims of an IAM access token the front reads back. */
export interface IamClaims {
  iam_id: string;
  account: { bss: string; valid: boolean };
  iat: number;
  exp: number;
  [claim: string]: unknown;
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** RS256 JSON Web Tokens signed with the front's own key pair (made at start, lost at close). */
export class JwtSigner {
  readonly kid: string;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.kid = new Date().toISOString().slice(0, 10).replace(/-/g, "") + "00";
  }

  sign(claims: IamClaims): string {
    const input = `${b64({ kid: this.kid, alg: "RS256" })}.${b64(claims)}`;
    const signature = createSign("RSA-SHA256").update(input).sign(this.#privateKey).toString("base64url");
    return `${input}.${signature}`;
  }

  /** The claims of a token this signer made (expired or not), else undefined. */
  verify(token: string): IamClaims | undefined {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [header = "", payload = "", signature = ""] = parts;
    const ok = createVerify("RSA-SHA256")
      .update(`${header}.${payload}`)
      .verify(this.#publicKey, Buffer.from(signature, "base64url"));
    if (!ok) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as IamClaims;
      return typeof claims.exp === "number" && typeof claims.account?.bss === "string" ? claims : undefined;
    } catch {
      return undefined;
    }
  }
}

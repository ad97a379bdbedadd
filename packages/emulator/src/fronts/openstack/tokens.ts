import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What a token proves: who authenticated, for which project (world account), until when. */
export interface TokenClaims {
  account: string;
  userName: string;
  userDomain: string;
  projectName: string;
  projectDomain: string;
  methods: string[];
  issuedAtMs: number;
  expiresAtMs: number;
  applicationCredentialId?: string;
  /** Keeps two tokens issued in the same millisecond apart (Keystone audit ids). */
  auditId: string;
}

/**
 * Self-contained signed tokens, in the spirit of Keystone's Fernet tokens: the front stores
 * nothing, so any front sharing the signing key accepts the token until it expires.
 */
export class TokenSigner {
  readonly #key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    this.#key = key;
  }

  issue(claims: TokenClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `${payload}.${this.#sign(payload)}`;
  }

  /** The claims of a well-signed token (expired or not), else undefined. */
  verify(token: string): TokenClaims | undefined {
    const [payload, signature, extra] = token.split(".");
    if (payload === undefined || signature === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.#sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as TokenClaims;
    } catch {
      return undefined;
    }
  }

  #sign(payload: string): string {
    return createHmac("sha256", this.#key).update(payload).digest("base64url");
  }
}

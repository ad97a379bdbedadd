import { WorldError } from "./errors.js";

/** A credential a front accepts: which account it opens, and the secret that proves it. */
export interface Identity {
  provider: string;
  /** The public half: an AWS access key id, an OpenStack "domain/user" or application credential id. */
  key: string;
  /** The private half: an AWS secret access key, an OpenStack password or application credential secret. */
  secret: string;
  /** The world account the identity acts in. */
  account: string;
  /** Whatever else a front needs (OpenStack project and domain names, an AWS session token). */
  attributes?: Readonly<Record<string, string>>;
}

/**
 * The credentials fronts check callers against (signatures, passwords, tokens). Tests register the
 * same values they give the driver, and a wrong secret is refused the way the cloud refuses it.
 */
export class IdentityBook {
  readonly #byKey = new Map<string, Identity>();

  /** Registers a credential (InvalidParameter without key, secret or account); replaces one of the same key. */
  add(identity: Identity): void {
    if (!identity.key || !identity.secret || !identity.account) {
      throw new WorldError("InvalidParameter", "an identity needs a key, a secret and an account", {
        field: "identity",
      });
    }
    this.#byKey.set(`${identity.provider}\u0000${identity.key}`, { ...identity });
  }

  /** Forgets a credential, so fronts refuse it from now on; false when there was none. */
  remove(provider: string, key: string): boolean {
    return this.#byKey.delete(`${provider}\u0000${key}`);
  }

  /** Every identity of a provider (an Azure front finds a tenant by its registered clients). */
  list(provider: string): Identity[] {
    return [...this.#byKey.values()].filter((i) => i.provider === provider).map((i) => ({ ...i }));
  }

  /** The identity of a key, or undefined when the front should answer "unknown credential". */
  find(provider: string, key: string): Identity | undefined {
    return this.#byKey.get(`${provider}\u0000${key}`);
  }
}

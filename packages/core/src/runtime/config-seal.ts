import { BaristaError } from "../errors.js";
import type { Store } from "../store/store.js";
import { decodeJson, encodeJson } from "../util/json.js";
import type { SecretBox } from "./secret-box.js";

// Configs are stored in clear (they are not secret), but where they point decides where secrets
// go: an endpoint edited in the store file would send a credential to another server. So every
// connection config carries a tag over what it says (driver, credential by name and id, region,
// endpoint, naming) under the store's encryption key, and so does every credential (its name, id
// and sealed values). Only holders of the key can write a config the SDK will open, and one store
// has one key.

/** The store-wide record naming the key every credential and seal in the store is made with. */
const keyRecord = "config/encryption-key";

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** A config whose tag does not verify: changed outside the SDK, or stored without one (older SDKs). */
export function sealedConfigError(kind: "connection" | "credential", name: string, detail: string): BaristaError {
  return new BaristaError(
    "PermissionDenied",
    `${kind} "${name}" ${detail}: the SDK opens only configs sealed with the store's encryption key. ` +
      `Check it (endpoint, credential, region), then call connections.seal("<connection>") to accept it`,
    { rule: "sealed-config", resourceType: kind, resourceName: name },
  );
}

/** The instance's key is not the one the store's credentials and seals were made with. */
export function otherKeyError(): BaristaError {
  return new BaristaError(
    "PermissionDenied",
    "this store's credentials and connection configs are sealed with another encryption key: one store, one key " +
      "(use the key they were stored with)",
    { field: "encryptionKey", rule: "one-encryption-key" },
  );
}

/** Whether the store's key is known to differ from `box`'s (false when the store names none yet). */
export async function isOtherKey(store: Store, box: SecretBox): Promise<boolean> {
  const entry = await store.get(keyRecord);
  return entry !== undefined && decodeJson<{ keyId?: string }>(entry.value).keyId !== box.keyId;
}

/**
 * Makes sure the store uses `box`'s key: it names the key already (then it must be this one), or
 * names none yet and every credential in it opens with this key (stores of older SDKs), and is
 * then made to name it. Refuses with `otherKeyError` otherwise.
 */
export async function requireStoreKey(
  store: Store,
  box: SecretBox,
  opensExisting: () => Promise<boolean>,
): Promise<void> {
  for (;;) {
    const entry = await store.get(keyRecord);
    if (entry) {
      if (decodeJson<{ keyId?: string }>(entry.value).keyId !== box.keyId) throw otherKeyError();
      return;
    }
    if (!(await opensExisting())) throw otherKeyError();
    const named = encodeJson({ keyId: box.keyId, createdAt: new Date() });
    if (
      await store.commit([{ op: "put", key: keyRecord, value: named }], {
        conditions: [{ key: keyRecord, revision: null }],
      })
    ) {
      return;
    }
    // Another process named a key first: check it against ours.
  }
}

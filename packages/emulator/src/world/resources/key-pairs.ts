import { requireQuota } from "./quota-usage.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { KeyPair, KeyType } from "../types.js";
import type { KeyPairRecord, StoredRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { generateSshKey, inspectPublicKey } from "./ssh-keys.js";
import { tagRecord } from "./tag-rules.js";

export interface CreateKeyPairInput extends NewResource {
  /** Default "rsa", as AWS does. */
  keyType?: KeyType | undefined;
}

export interface ImportKeyPairInput extends NewResource {
  /** OpenSSH public key line. */
  publicKey: string;
}

/** A key pair the cloud generated, with the private key it hands out only then. */
export interface CreatedKeyPair {
  keyPair: KeyPair;
  /** PEM private key: returned here once, never stored. */
  privateKey: string;
}

/** SSH key pairs; names are unique per account and region on every provider. */
export class KeyPairService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /** Generates a key pair (AWS CreateKeyPair): Duplicate on a name taken, QuotaExceeded on `keyPairs`. */
  async create(input: CreateKeyPairInput): Promise<CreatedKeyPair> {
    const keyType = input.keyType ?? "rsa";
    // Check before the (slow) key generation, and again after it, since another create may have
    // taken the name meanwhile.
    this.#check(input);
    const key = await generateSshKey(keyType);
    const record: KeyPairRecord = {
      ...this.#newRecord(input),
      fingerprint: key.fingerprint,
      publicKey: key.publicKey,
      keyType,
      privateKeySha1: key.privateKeySha1,
    };
    this.#state.keyPairs.insert(record);
    return { keyPair: keyPairView(record), privateKey: key.privateKey };
  }

  /** Registers a public key the caller generated (AWS ImportKeyPair). */
  import(input: ImportKeyPairInput): KeyPair {
    const key = inspectPublicKey(input.publicKey);
    const record: KeyPairRecord = { ...this.#newRecord(input), ...key };
    this.#state.keyPairs.insert(record);
    return keyPairView(record);
  }

  /**
   * New key material for an existing key pair (Azure's generateKeyPair on an SSH public key
   * resource): the old public key is gone, the new private key is returned here once.
   */
  async regenerate(id: string, keyType: KeyType = "rsa"): Promise<CreatedKeyPair> {
    this.#state.require(this.#state.keyPairs, id);
    const key = await generateSshKey(keyType);
    // Read again after the (slow) generation: the key pair may have been deleted meanwhile.
    const row = this.#state.require(this.#state.keyPairs, id);
    Object.assign(row, { fingerprint: key.fingerprint, publicKey: key.publicKey, keyType });
    return { keyPair: keyPairView(row), privateKey: key.privateKey };
  }

  /** One key pair; NotFound when there is none, or it was created within the consistency window. */
  get(id: string): KeyPair {
    return keyPairView(this.#state.read(this.#state.keyPairs, id));
  }

  /** One page of the region's key pairs, oldest first. */
  list(options?: ListOptions<KeyPair>): ListPage<KeyPair> {
    return this.#state.page(this.#state.keyPairs, keyPairView, options);
  }

  /** VMs using the key keep running; only new VMs can no longer name it. */
  delete(id: string): void {
    this.#state.require(this.#state.keyPairs, id);
    this.#state.keyPairs.remove(id);
  }

  #check(input: NewResource): void {
    requireQuota(this.#state, "keyPairs");
    this.#state.checkNew("key-pair", input, this.#taken, true);
  }

  #newRecord(input: NewResource): StoredRecord {
    requireQuota(this.#state, "keyPairs");
    return this.#state.newRecord("key-pair", input, this.#taken, true);
  }

  readonly #taken = (): string[] => this.#state.keyPairs.all().map((key) => key.name);
}

export function keyPairView(row: KeyPairRecord): KeyPair {
  return {
    id: row.id,
    name: row.name,
    kind: "key-pair",
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    fingerprint: row.fingerprint,
    publicKey: row.publicKey,
    keyType: row.keyType,
    ...(row.privateKeySha1 === undefined ? {} : { privateKeySha1: row.privateKeySha1 }),
  };
}

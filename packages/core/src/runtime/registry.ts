import { randomUUID } from "node:crypto";
import { BaristaError, alreadyExists, invalidArgument, notFound } from "../errors.js";
import type { CloudDriver } from "../driver/driver.js";
import { isProviderName, providerNames } from "../model/provider.js";
import type { Store } from "../store/store.js";
import { decodeJson, encodeJson } from "../util/json.js";
import { canonicalJson, isOtherKey, otherKeyError, requireStoreKey, sealedConfigError } from "./config-seal.js";
import type { SecretBox } from "./secret-box.js";
import { requireName, requireString } from "./validate.js";

export interface CredentialInput {
  name: string;
  provider: string;
  /** Key/value pairs as the provider's driver names them (see each driver's `credentialKeys`). */
  values: Record<string, string>;
}

/** A credential as reads return it: which keys it has, never their values. */
export interface CredentialSummary {
  name: string;
  provider: string;
  keys: string[];
  createdAt: Date;
}

export interface RegionConfig {
  name: string;
  provider: string;
  /** The cloud's own region name, e.g. "ap-northeast-2". */
  region: string;
  zone?: string;
}

export interface ConnectionConfig {
  name: string;
  /** Name under which the driver was registered. */
  driver: string;
  credential: string;
  region: string;
  /** Endpoint override: the emulator, or a private or sovereign cloud (see CloudDriver docs). */
  endpoint?: string | Record<string, string>;
  /**
   * Derive cloud-side names from user names within the cloud's rules (default true). When false,
   * user names go to the cloud unchanged and must satisfy its rules.
   */
  deriveCloudNames?: boolean;
}

/**
 * A connection config as stored: with the id of the credential it was made with, and a tag over
 * all of it and its region under the store's key (see config-seal.ts). Older SDKs stored neither.
 */
export interface StoredConnectionConfig extends ConnectionConfig {
  credentialId?: string;
  seal?: string;
}

interface StoredCredential {
  name: string;
  provider: string;
  sealed: Record<string, string>;
  createdAt: Date;
  /** Random, one per credential: a config names the credential it was made with, not just a name. */
  id?: string;
  /** A tag over name, id, provider and sealed values (older SDKs stored neither). */
  tag?: string;
}

/** What a credential's tag covers. */
function credentialTagData(c: StoredCredential): string {
  return canonicalJson({ kind: "credential", name: c.name, id: c.id, provider: c.provider, sealed: c.sealed });
}

/** What a connection config's seal covers: every field of it but the seal, and its region. */
export function connectionSealData(config: StoredConnectionConfig, region: RegionConfig): string {
  const { seal: _, ...covered } = config;
  return canonicalJson({ kind: "connection", config: covered, region });
}

/** Names of the connection configs that use a credential or region. */
type InUseBy = (name: string) => Promise<string[]>;

const credentialKey = (name: string): string => `config/credential/${name}`;
const regionKey = (name: string): string => `config/region/${name}`;
const connectionKey = (name: string): string => `config/connection/${name}`;

/** Drivers are code, so they live in memory; register them at start-up. */
export class DriverRegistry {
  readonly #drivers = new Map<string, CloudDriver>();

  /** Registers a driver under `name` (default: its provider in lower case, e.g. "aws"). */
  register(driver: CloudDriver, options: { name?: string } = {}): string {
    if (!isProviderName(driver.provider)) {
      throw invalidArgument(
        "provider",
        "provider",
        `"${String(driver.provider)}" is not one of ${providerNames.join(", ")}`,
      );
    }
    const name = requireName("name", options.name ?? driver.provider.toLowerCase());
    if (this.#drivers.has(name)) throw alreadyExists("driver", name);
    this.#drivers.set(name, driver);
    return name;
  }

  unregister(name: string): boolean {
    return this.#drivers.delete(name);
  }

  get(name: string): CloudDriver {
    const driver = this.#drivers.get(name);
    if (!driver) throw notFound("driver", name);
    return driver;
  }

  list(): { name: string; provider: string; version: string }[] {
    return [...this.#drivers].map(([name, d]) => ({ name, provider: d.provider, version: d.version }));
  }

  byProvider(provider: string): CloudDriver | undefined {
    return [...this.#drivers.values()].find((d) => d.provider === provider);
  }
}

function requireCredentialKeys(driver: CloudDriver | undefined, values: Record<string, string>): void {
  for (const key of driver?.credentialKeys.required ?? []) {
    if (typeof values[key] !== "string" || values[key] === "") {
      throw invalidArgument(`values.${key}`, "required", `the ${driver?.provider} driver needs this credential key`);
    }
  }
}

export class CredentialRegistry {
  readonly #store: Store;
  readonly #box: () => SecretBox;
  readonly #drivers: DriverRegistry;
  readonly #usedBy: InUseBy;

  constructor(store: Store, box: () => SecretBox, drivers: DriverRegistry, usedBy: InUseBy) {
    this.#store = store;
    this.#box = box;
    this.#drivers = drivers;
    this.#usedBy = usedBy;
  }

  /** Stores a credential with every value sealed (AES-256-GCM). */
  async add(input: CredentialInput): Promise<CredentialSummary> {
    const name = requireName("name", input.name);
    const provider = requireString("provider", input.provider);
    if (input.values === null || typeof input.values !== "object") {
      throw invalidArgument("values", "required", "must be an object of strings");
    }
    for (const [key, value] of Object.entries(input.values)) {
      if (typeof value !== "string") throw invalidArgument(`values.${key}`, "string", "must be a string");
    }
    requireCredentialKeys(this.#drivers.byProvider(provider), input.values);
    const box = this.#box();
    await this.#requireStoreKey(box);
    const sealed = Object.fromEntries(
      Object.entries(input.values).map(([k, v]) => [k, box.seal(v, `credential/${name}/${k}`)]),
    );
    const stored: StoredCredential = { name, provider, sealed, createdAt: new Date(), id: randomUUID() };
    stored.tag = box.tag(credentialTagData(stored));
    const key = credentialKey(name);
    const created = await this.#store.commit([{ op: "put", key, value: encodeJson(stored) }], {
      conditions: [{ key, revision: null }],
    });
    if (!created) throw alreadyExists("credential", name);
    return summarize(stored);
  }

  async get(name: string): Promise<CredentialSummary> {
    return summarize((await this.#load(name)).stored);
  }

  async list(): Promise<CredentialSummary[]> {
    const entries = await this.#store.list("config/credential/");
    return entries.map((e) => summarize(decodeJson<StoredCredential>(e.value)));
  }

  /** Refused while a connection config uses the credential. */
  async remove(name: string): Promise<void> {
    const users = await this.#usedBy(name);
    if (users.length > 0) {
      throw new BaristaError("Conflict", `credential "${name}" is used by connection(s) ${users.join(", ")}`);
    }
    if (!(await this.#store.delete(credentialKey(name)))) throw notFound("credential", name);
  }

  /**
   * Plain values, for opening a connection only; never returned through the public API. With
   * `id`, the credential must be that one (the one a connection config was sealed with) and carry
   * a valid tag.
   */
  async reveal(
    name: string,
    options: { id?: string } = {},
  ): Promise<{ provider: string; values: Record<string, string> }> {
    const box = this.#box();
    const { stored } = await this.#load(name);
    if (options.id !== undefined) {
      await this.#checkTag(stored, box);
      if (stored.id !== options.id) {
        throw sealedConfigError("credential", name, "is not the credential the connection config was made with");
      }
    }
    return { provider: stored.provider, values: this.#open(stored, box) };
  }

  /**
   * The id of a credential, after checking its tag, for sealing a connection config that uses it.
   * A credential stored by an older SDK has neither: once every value opens with this key, it is
   * given an id and a tag (compare-and-set, so a concurrent change is not overwritten).
   */
  async sealedId(name: string): Promise<string> {
    const box = this.#box();
    await this.#requireStoreKey(box);
    for (;;) {
      const { stored, revision } = await this.#load(name);
      if (stored.tag !== undefined && stored.id !== undefined) {
        await this.#checkTag(stored, box);
        return stored.id;
      }
      this.#open(stored, box); // PermissionDenied unless this key sealed every value
      const migrated: StoredCredential = { ...stored, id: randomUUID() };
      migrated.tag = box.tag(credentialTagData(migrated));
      const key = credentialKey(name);
      const ops = [{ op: "put", key, value: encodeJson(migrated) } as const];
      if (await this.#store.commit(ops, { conditions: [{ key, revision }] })) return migrated.id as string;
    }
  }

  #open(stored: StoredCredential, box: SecretBox): Record<string, string> {
    return Object.fromEntries(
      Object.entries(stored.sealed).map(([k, v]) => [k, box.open(v, `credential/${stored.name}/${k}`)]),
    );
  }

  async #checkTag(stored: StoredCredential, box: SecretBox): Promise<void> {
    if (stored.tag !== undefined && box.verifyTag(credentialTagData(stored), stored.tag)) return;
    if (await isOtherKey(this.#store, box)) throw otherKeyError();
    const detail = stored.tag === undefined ? "has no tag (stored by an older SDK)" : "was changed outside the SDK";
    throw sealedConfigError("credential", stored.name, detail);
  }

  /** One store, one key: the store's credentials must all open with the key of a new one. */
  #requireStoreKey(box: SecretBox): Promise<void> {
    return requireStoreKey(this.#store, box, async () => {
      for (const entry of await this.#store.list("config/credential/")) {
        const stored = decodeJson<StoredCredential>(entry.value);
        const [key, sealed] = Object.entries(stored.sealed)[0] ?? [];
        if (key === undefined || sealed === undefined) continue;
        try {
          box.open(sealed, `credential/${stored.name}/${key}`);
        } catch {
          return false;
        }
      }
      return true;
    });
  }

  async #load(name: string): Promise<{ stored: StoredCredential; revision: number }> {
    const entry = await this.#store.get(credentialKey(name));
    if (!entry) throw notFound("credential", name);
    return { stored: decodeJson<StoredCredential>(entry.value), revision: entry.revision };
  }
}

function summarize(c: StoredCredential): CredentialSummary {
  return { name: c.name, provider: c.provider, keys: Object.keys(c.sealed).sort(), createdAt: c.createdAt };
}

/** A small named-record registry in the store (regions and connection configs). */
class ConfigRegistry<T extends { name: string }> {
  readonly #store: Store;
  readonly #kind: string;
  readonly #key: (name: string) => string;

  constructor(store: Store, kind: string, key: (name: string) => string) {
    this.#store = store;
    this.#kind = kind;
    this.#key = key;
  }

  protected async insert(value: T): Promise<T> {
    const key = this.#key(value.name);
    const created = await this.#store.commit([{ op: "put", key, value: encodeJson(value) }], {
      conditions: [{ key, revision: null }],
    });
    if (!created) throw alreadyExists(this.#kind, value.name);
    return value;
  }

  async get(name: string): Promise<T> {
    const entry = await this.#store.get(this.#key(name));
    if (!entry) throw notFound(this.#kind, name);
    return decodeJson<T>(entry.value);
  }

  async list(): Promise<T[]> {
    const entries = await this.#store.list(this.#key(""));
    return entries.map((e) => decodeJson<T>(e.value));
  }

  protected async delete(name: string): Promise<void> {
    if (!(await this.#store.delete(this.#key(name)))) throw notFound(this.#kind, name);
  }
}

export class RegionRegistry extends ConfigRegistry<RegionConfig> {
  readonly #usedBy: InUseBy;

  constructor(store: Store, usedBy: InUseBy) {
    super(store, "region", regionKey);
    this.#usedBy = usedBy;
  }

  add(input: RegionConfig): Promise<RegionConfig> {
    const region: RegionConfig = {
      name: requireName("name", input.name),
      provider: requireString("provider", input.provider),
      region: requireString("region", input.region),
    };
    if (input.zone !== undefined) region.zone = requireString("zone", input.zone);
    return this.insert(region);
  }

  /** Refused while a connection config uses the region. */
  async remove(name: string): Promise<void> {
    const users = await this.#usedBy(name);
    if (users.length > 0) {
      throw new BaristaError("Conflict", `region "${name}" is used by connection(s) ${users.join(", ")}`);
    }
    await this.delete(name);
  }
}

export class ConnectionRegistry extends ConfigRegistry<StoredConnectionConfig> {
  readonly #store: Store;

  constructor(store: Store) {
    super(store, "connection", connectionKey);
    this.#store = store;
  }

  /** Inserts a sealed config whose references the caller has already checked. */
  add(config: StoredConnectionConfig): Promise<StoredConnectionConfig> {
    return this.insert(config);
  }

  /** A config as stored, with its revision. */
  async stored(name: string): Promise<{ config: StoredConnectionConfig; revision: number }> {
    const entry = await this.#store.get(connectionKey(name));
    if (!entry) throw notFound("connection", name);
    return { config: decodeJson<StoredConnectionConfig>(entry.value), revision: entry.revision };
  }

  /** Replaces a config, only if it is still at `revision` (compare-and-set). */
  replace(config: StoredConnectionConfig, revision: number): Promise<boolean> {
    const key = connectionKey(config.name);
    const ops = [{ op: "put", key, value: encodeJson(config) } as const];
    return this.#store.commit(ops, { conditions: [{ key, revision }] });
  }

  remove(name: string): Promise<void> {
    return this.delete(name);
  }
}

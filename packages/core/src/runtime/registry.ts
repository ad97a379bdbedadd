import { randomUUID } from "node:crypto";
import { BaristaError, alreadyExists, invalidArgument, notFound } from "../errors.js";
import type { CloudDriver } from "../driver/driver.js";
import { isProviderName, providerNames } from "../model/provider.js";
import type { ProviderName } from "../model/provider.js";
import type { Store } from "../store/store.js";
import { decodeJson, encodeJson } from "../util/json.js";
import { canonicalJson, isOtherKey, otherKeyError, requireStoreKey, sealedConfigError } from "./config-seal.js";
import { ownRecord, ownValue } from "../util/own-record.js";
import { damagedCredential } from "./secret-box.js";
import type { SecretBox } from "./secret-box.js";
import {
  describeValue,
  requestLimits,
  requireDictionary,
  requireFields,
  requireName,
  requireObject,
  requireString,
} from "./validate.js";

/** What `credentials.add`, `ensure` and `upsert` take. */
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

/** A named region of a provider, with an optional zone. */
export interface RegionConfig {
  name: string;
  provider: string;
  /** The cloud's own region name, e.g. "ap-northeast-2". */
  region: string;
  zone?: string;
}

/** A named connection: a driver, a credential and a region (and an endpoint override). */
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

/**
 * What `ensure` throws when an entry of that name exists with other settings: AlreadyExists, rule
 * "differs". The message names no value (credentials are secret).
 */
export function differsError(kind: string, name: string): BaristaError {
  return new BaristaError("AlreadyExists", `${kind} "${name}" already exists with other settings; upsert replaces it`, {
    rule: "differs",
    resourceType: kind,
    resourceName: name,
  });
}

/** What `upsert` throws when replacing would break what uses the entry: Conflict, rule "in-use". */
export function inUseError(kind: string, name: string, users: string): BaristaError {
  return new BaristaError("Conflict", `${kind} "${name}" is used by ${users}; it cannot be replaced`, {
    rule: "in-use",
    resourceType: kind,
    resourceName: name,
  });
}

const credentialKey = (name: string): string => `config/credential/${name}`;
const regionKey = (name: string): string => `config/region/${name}`;
const connectionKey = (name: string): string => `config/connection/${name}`;

/** Drivers are code, so they live in memory; register them at start-up. */
export class DriverRegistry {
  readonly #drivers = new Map<string, CloudDriver>();

  /** Registers a driver under `name` (default: its provider in lower case, e.g. "aws"); AlreadyExists if taken. */
  register(driver: CloudDriver, options: { name?: string } = {}): string {
    const name = this.#check(driver, options);
    if (this.#drivers.has(name)) throw alreadyExists("driver", name);
    this.#drivers.set(name, driver);
    return name;
  }

  /**
   * Registers a driver unless this very driver object is already registered under the name (then
   * nothing happens); another driver there is AlreadyExists with rule "differs".
   */
  ensure(driver: CloudDriver, options: { name?: string } = {}): string {
    const name = this.#check(driver, options);
    const existing = this.#drivers.get(name);
    if (existing !== undefined && existing !== driver) throw differsError("driver", name);
    this.#drivers.set(name, driver);
    return name;
  }

  /**
   * Registers a driver, replacing any under the name. Connections opened before keep the driver
   * they opened with until `CloudBarista.forget` drops them.
   */
  upsert(driver: CloudDriver, options: { name?: string } = {}): string {
    const name = this.#check(driver, options);
    this.#drivers.set(name, driver);
    return name;
  }

  /** Checks a driver and its options; returns the name it goes under. */
  #check(driver: CloudDriver, options: { name?: string }): string {
    if (typeof requireObject("driver", driver).connect !== "function") {
      throw invalidArgument("driver.connect", "type", "a driver has a connect method");
    }
    const { name: optionName } = requireFields<{ name?: string }>("options", options, ["name"]);
    if (!isProviderName(driver.provider)) {
      throw invalidArgument(
        "provider",
        "provider",
        `${describeValue(driver.provider)} is not one of ${providerNames.join(", ")}`,
      );
    }
    // Absent means the provider's name; null is not absent.
    return optionName === undefined
      ? requireName("provider", driver.provider.toLowerCase())
      : requireName("options.name", optionName);
  }

  /** Removes the driver registered under `name`; false when there was none. */
  unregister(name: string): boolean {
    return this.#drivers.delete(requireName("name", name));
  }

  /** The driver registered under `name`; NotFound otherwise. */
  get(name: string): CloudDriver {
    const driver = this.#drivers.get(requireName("name", name));
    if (!driver) throw notFound("driver", name);
    return driver;
  }

  /** Every registered driver: its name, provider and version. */
  list(): { name: string; provider: string; version: string }[] {
    return [...this.#drivers].map(([name, d]) => ({ name, provider: d.provider, version: d.version }));
  }

  /** The first driver registered for a provider, if any. */
  byProvider(provider: string): CloudDriver | undefined {
    requireString("provider", provider);
    return [...this.#drivers.values()].find((d) => d.provider === provider);
  }
}

function requireProvider(field: string, value: unknown): ProviderName {
  if (typeof value !== "string") {
    throw invalidArgument(
      field,
      value === undefined || value === null ? "required" : "type",
      "must be a provider name",
    );
  }
  if (!isProviderName(value)) {
    throw invalidArgument(field, "provider", `"${value.slice(0, 40)}" is not one of ${providerNames.join(", ")}`);
  }
  return value;
}

/**
 * Credential values: a plain object of at most `requestLimits.credentialValues` strings. With the
 * provider's driver registered, its required keys must be there and no key it does not know.
 */
function checkCredentialValues(driver: CloudDriver | undefined, input: unknown): Record<string, string> {
  const entries = Object.entries(requireDictionary("values", input));
  if (entries.length > requestLimits.credentialValues) {
    throw invalidArgument("values", "max-items", `must have at most ${requestLimits.credentialValues} keys`);
  }
  const known = driver && [...driver.credentialKeys.required, ...(driver.credentialKeys.optional ?? [])];
  for (const [key, value] of entries) {
    if (key === "" || key.length > requestLimits.tagKeyLength) {
      throw invalidArgument(`values.${key}`, "key-length", `keys must have 1-${requestLimits.tagKeyLength} characters`);
    }
    if (known && !known.includes(key)) {
      throw invalidArgument(
        `values.${key}`,
        "unknown-field",
        `the ${driver.provider} driver takes ${known.join(", ") || "no keys"}`,
      );
    }
    if (typeof value !== "string") throw invalidArgument(`values.${key}`, "type", "must be a string");
    if (value.length > requestLimits.credentialValueLength) {
      throw invalidArgument(
        `values.${key}`,
        "max-length",
        `must have at most ${requestLimits.credentialValueLength} characters`,
      );
    }
  }
  const values = ownRecord(entries as [string, string][]);
  for (const key of driver?.credentialKeys.required ?? []) {
    if (!ownValue(values, key)) {
      throw invalidArgument(`values.${key}`, "required", `the ${driver?.provider} driver needs this credential key`);
    }
  }
  return values;
}

/** Credentials in the store, every value sealed with the instance's encryption key. */
export class CredentialRegistry {
  readonly #store: Store;
  readonly #box: () => SecretBox;
  readonly #drivers: DriverRegistry;
  readonly #usedBy: InUseBy;
  readonly #replaced: (name: string) => Promise<void>;

  /**
   * Made by `CloudBarista`; `replaced` runs after `upsert` changed a credential's values (the
   * instance drops connections opened with the old ones).
   */
  constructor(
    store: Store,
    box: () => SecretBox,
    drivers: DriverRegistry,
    usedBy: InUseBy,
    replaced: (name: string) => Promise<void> = async () => {},
  ) {
    this.#store = store;
    this.#box = box;
    this.#drivers = drivers;
    this.#usedBy = usedBy;
    this.#replaced = replaced;
  }

  /** Stores a credential with every value sealed (AES-256-GCM); AlreadyExists if the name is taken. */
  async add(input: CredentialInput): Promise<CredentialSummary> {
    const { stored, key } = await this.#prepare(input);
    const created = await this.#store.commit([{ op: "put", key, value: encodeJson(stored) }], {
      conditions: [{ key, revision: null }],
    });
    if (!created) throw alreadyExists("credential", stored.name);
    return summarize(stored);
  }

  /**
   * Adds a credential unless one with the same provider and values exists (then nothing changes,
   * so a program can run twice); other values are AlreadyExists with rule "differs".
   */
  async ensure(input: CredentialInput): Promise<CredentialSummary> {
    return this.#put(input, "ensure");
  }

  /**
   * Adds a credential, or replaces the provider and values of the one of that name. Connections
   * using it keep using it (it keeps its identity) and reconnect with the new values.
   */
  async upsert(input: CredentialInput): Promise<CredentialSummary> {
    return this.#put(input, "upsert");
  }

  async #put(input: CredentialInput, mode: "ensure" | "upsert"): Promise<CredentialSummary> {
    const { stored, key, values } = await this.#prepare(input);
    for (;;) {
      const entry = await this.#store.get(key);
      if (!entry) {
        const ops = [{ op: "put", key, value: encodeJson(stored) } as const];
        if (await this.#store.commit(ops, { conditions: [{ key, revision: null }] })) return summarize(stored);
        continue; // added meanwhile: compare with that one
      }
      const existing = decodeCredential(stored.name, entry.value);
      const box = this.#box();
      await this.#checkTag(existing, box);
      const same =
        existing.provider === stored.provider && canonicalJson(this.#open(existing, box)) === canonicalJson(values);
      if (same) return summarize(existing);
      if (mode === "ensure") throw differsError("credential", stored.name);
      const replacement: StoredCredential = { ...stored, id: existing.id ?? stored.id, createdAt: existing.createdAt };
      replacement.tag = box.tag(credentialTagData(replacement));
      const ops = [{ op: "put", key, value: encodeJson(replacement) } as const];
      if (await this.#store.commit(ops, { conditions: [{ key, revision: entry.revision }] })) {
        await this.#replaced(stored.name);
        return summarize(replacement);
      }
    }
  }

  /** A checked input, sealed as a new credential record. */
  async #prepare(
    input: CredentialInput,
  ): Promise<{ stored: StoredCredential; key: string; values: Record<string, string> }> {
    requireFields<CredentialInput>("request", input, ["name", "provider", "values"], "");
    const name = requireName("name", input.name);
    const provider = requireProvider("provider", input.provider);
    const values = checkCredentialValues(this.#drivers.byProvider(provider), input.values);
    const box = this.#box();
    await this.#requireStoreKey(box);
    const sealed = ownRecord(
      Object.entries(values).map(([k, v]): [string, string] => [k, box.seal(v, `credential/${name}/${k}`)]),
    );
    const stored: StoredCredential = { name, provider, sealed, createdAt: new Date(), id: randomUUID() };
    stored.tag = box.tag(credentialTagData(stored));
    return { stored, key: credentialKey(name), values };
  }

  /** A credential's provider and key names, never its values. */
  async get(name: string): Promise<CredentialSummary> {
    return summarize((await this.#load(requireName("name", name))).stored);
  }

  /** Every credential's provider and key names, never their values. */
  async list(): Promise<CredentialSummary[]> {
    const entries = await this.#store.list("config/credential/");
    return entries.map((e) => summarize(decodeCredential(e.key.slice("config/credential/".length), e.value)));
  }

  /** Refused while a connection config uses the credential. */
  async remove(name: string): Promise<void> {
    requireName("name", name);
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
    const { stored } = await this.#load(requireName("name", name));
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
    return ownRecord(
      Object.entries(stored.sealed).map(([k, v]): [string, string] => [
        k,
        box.open(v, `credential/${stored.name}/${k}`, { credential: stored.name }),
      ]),
    );
  }

  async #checkTag(stored: StoredCredential, box: SecretBox): Promise<void> {
    if (stored.tag !== undefined && box.verifyTag(credentialTagData(stored), stored.tag)) return;
    // A value that is not even sealed is damage, whatever else changed.
    for (const sealed of Object.values(stored.sealed)) box.parts(sealed, { credential: stored.name });
    if (await isOtherKey(this.#store, box)) throw otherKeyError();
    const detail = stored.tag === undefined ? "has no tag (stored by an older SDK)" : "was changed outside the SDK";
    throw sealedConfigError("credential", stored.name, detail);
  }

  /** One store, one key: the store's credentials must all open with the key of a new one. */
  #requireStoreKey(box: SecretBox): Promise<void> {
    return requireStoreKey(this.#store, box, async () => {
      for (const entry of await this.#store.list("config/credential/")) {
        const stored = decodeCredential(entry.key.slice("config/credential/".length), entry.value);
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
    return { stored: decodeCredential(name, entry.value), revision: entry.revision };
  }
}

/** A stored credential, or PermissionDenied (rule "sealed-format") when it is damaged. */
function decodeCredential(name: string, text: string): StoredCredential {
  let stored: unknown;
  try {
    stored = decodeJson<unknown>(text);
  } catch (cause) {
    throw damagedCredential(name, "is not JSON", cause);
  }
  const record = stored as Partial<StoredCredential> | null;
  if (record === null || typeof record !== "object" || typeof record.provider !== "string") {
    throw damagedCredential(name, "is not a credential record");
  }
  const sealed = record.sealed as unknown;
  if (sealed === null || typeof sealed !== "object" || Array.isArray(sealed)) {
    throw damagedCredential(name, "holds no sealed values");
  }
  return {
    name,
    provider: record.provider,
    sealed: ownRecord(sealed as Record<string, string>),
    createdAt: record.createdAt instanceof Date ? record.createdAt : new Date(0),
    ...(typeof record.id === "string" ? { id: record.id } : {}),
    ...(typeof record.tag === "string" ? { tag: record.tag } : {}),
  };
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

  /**
   * Inserts `value`, or finds the stored one of its name the same (`same` compares them: nothing
   * changes), or (mode "upsert") replaces it after `replaceable` agreed (compare-and-set).
   */
  protected async put(
    value: T,
    mode: "ensure" | "upsert",
    same: (stored: T) => boolean,
    replaceable: (stored: T) => Promise<void>,
  ): Promise<T> {
    const key = this.#key(value.name);
    for (;;) {
      const entry = await this.#store.get(key);
      const conditions = [{ key, revision: entry?.revision ?? null }];
      if (entry) {
        const stored = this.#decode(value.name, entry.value);
        if (same(stored)) return stored;
        if (mode === "ensure") throw differsError(this.#kind, value.name);
        await replaceable(stored);
      }
      if (await this.#store.commit([{ op: "put", key, value: encodeJson(value) }], { conditions })) return value;
    }
  }

  /** The named entry; NotFound otherwise. */
  async get(name: string): Promise<T> {
    requireName("name", name);
    const entry = await this.#store.get(this.#key(name));
    if (!entry) throw notFound(this.#kind, name);
    return this.#decode(name, entry.value);
  }

  /** Every entry, by name. */
  async list(): Promise<T[]> {
    const prefix = this.#key("");
    const entries = await this.#store.list(prefix);
    return entries.map((e) => this.#decode(e.key.slice(prefix.length), e.value));
  }

  protected async delete(name: string): Promise<void> {
    if (!(await this.#store.delete(this.#key(requireName("name", name))))) throw notFound(this.#kind, name);
  }

  /** A stored record; a damaged one (not JSON, not an object) is a Conflict with rule "stored-record". */
  #decode(name: string, text: string): T {
    let value: unknown;
    try {
      value = decodeJson<unknown>(text);
    } catch {
      value = undefined;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new BaristaError("Conflict", `the stored ${this.#kind} "${name}" is damaged: remove it and add it again`, {
        rule: "stored-record",
        resourceType: this.#kind,
        resourceName: name,
      });
    }
    return value as T;
  }
}

/** Named regions (a provider, its region and optionally a zone) in the store. */
export class RegionRegistry extends ConfigRegistry<RegionConfig> {
  readonly #usedBy: InUseBy;

  /** Made by `CloudBarista`; `usedBy` names the connection configs that use a region. */
  constructor(store: Store, usedBy: InUseBy) {
    super(store, "region", regionKey);
    this.#usedBy = usedBy;
  }

  /** Stores a region; AlreadyExists if the name is taken. */
  async add(input: RegionConfig): Promise<RegionConfig> {
    return this.insert(checkRegion(input));
  }

  /**
   * Adds a region unless the same one exists (then nothing changes); another of that name is
   * AlreadyExists with rule "differs".
   */
  async ensure(input: RegionConfig): Promise<RegionConfig> {
    const region = checkRegion(input);
    return this.put(
      region,
      "ensure",
      (stored) => sameRegion(stored, region),
      async () => {},
    );
  }

  /**
   * Adds a region or replaces the one of that name. Refused (Conflict, rule "in-use") while a
   * connection config uses it: a connection's seal covers its region.
   */
  async upsert(input: RegionConfig): Promise<RegionConfig> {
    const region = checkRegion(input);
    return this.put(
      region,
      "upsert",
      (stored) => sameRegion(stored, region),
      async () => {
        const users = await this.#usedBy(region.name);
        if (users.length > 0) throw inUseError("region", region.name, `connection(s) ${users.join(", ")}`);
      },
    );
  }

  /** Refused while a connection config uses the region. */
  async remove(name: string): Promise<void> {
    requireName("name", name);
    const users = await this.#usedBy(name);
    if (users.length > 0) {
      throw new BaristaError("Conflict", `region "${name}" is used by connection(s) ${users.join(", ")}`);
    }
    await this.delete(name);
  }
}

function checkRegion(input: RegionConfig): RegionConfig {
  requireFields<RegionConfig>("request", input, ["name", "provider", "region", "zone"], "");
  const region: RegionConfig = {
    name: requireName("name", input.name),
    provider: requireProvider("provider", input.provider),
    region: requireString("region", input.region),
  };
  if (input.zone !== undefined) region.zone = requireString("zone", input.zone);
  return region;
}

function sameRegion(a: RegionConfig, b: RegionConfig): boolean {
  return a.provider === b.provider && a.region === b.region && a.zone === b.zone;
}

/** Connection configs as stored (sealed); `Connections` is the public face. */
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

  /** `ensure` or `upsert` of a sealed config (see `ConfigRegistry.put`). */
  ensureOrUpsert(
    config: StoredConnectionConfig,
    mode: "ensure" | "upsert",
    same: (stored: StoredConnectionConfig) => boolean,
    replaceable: (stored: StoredConnectionConfig) => Promise<void>,
  ): Promise<StoredConnectionConfig> {
    return this.put(config, mode, same, replaceable);
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

  /** Deletes a config; NotFound if absent. */
  remove(name: string): Promise<void> {
    return this.delete(name);
  }
}

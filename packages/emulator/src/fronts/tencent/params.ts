import { invalidParameter, missingParameter } from "./errors.js";

/** Plain JSON object fields. */
export type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An action's JSON parameters (or one nested structure of them), read with the types the API
 * reference gives: a value of the wrong type is InvalidParameter, a missing required one
 * MissingParameter. `path` names nested fields in messages ("Placement.Zone").
 */
export class Params {
  readonly values: Json;
  readonly #path: string;

  constructor(values: Json, path = "") {
    this.values = values;
    this.#path = path;
  }

  #name(name: string): string {
    return this.#path ? `${this.#path}.${name}` : name;
  }

  has(name: string): boolean {
    return this.values[name] !== undefined && this.values[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw invalidParameter(this.#name(name), "It must be a string.");
    return value;
  }

  required(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === "") throw missingParameter(this.#name(name));
    return value;
  }

  /** An integer within bounds (numbers or numeric strings, as the gateway accepts both). */
  int(name: string, bounds: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.values[name];
    if (raw === undefined || raw === null) return undefined;
    const value = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== "number" || !Number.isSafeInteger(value)) {
      throw invalidParameter(this.#name(name), "It must be an integer.");
    }
    if ((bounds.min !== undefined && value < bounds.min) || (bounds.max !== undefined && value > bounds.max)) {
      throw invalidParameter(
        this.#name(name),
        `It must be between ${bounds.min ?? "-"} and ${bounds.max ?? "-"}.`,
        "InvalidParameterValue",
      );
    }
    return value;
  }

  bool(name: string): boolean | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (value === "true" || value === "false") return value === "true";
    if (typeof value !== "boolean") throw invalidParameter(this.#name(name), "It must be a boolean.");
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidParameter(this.#name(name), `It must be one of ${allowed.join(", ")}.`, "InvalidParameterValue");
    }
    return value as T;
  }

  /** An array of strings; undefined when absent. */
  strings(name: string, bounds: { max?: number } = {}): string[] | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      throw invalidParameter(this.#name(name), "It must be an array of strings.");
    }
    if (bounds.max !== undefined && value.length > bounds.max) {
      throw invalidParameter(
        this.#name(name),
        `It may hold at most ${bounds.max} values.`,
        "InvalidParameterValue.LimitExceeded",
      );
    }
    return value;
  }

  requiredStrings(name: string, bounds: { max?: number } = {}): string[] {
    const value = this.strings(name, bounds);
    if (value === undefined || value.length === 0) throw missingParameter(this.#name(name));
    return value;
  }

  /** A nested structure; undefined when absent. */
  object(name: string): Params | undefined {
    const value = this.values[name];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw invalidParameter(this.#name(name), "It must be an object.");
    return new Params(value, this.#name(name));
  }

  requiredObject(name: string): Params {
    const value = this.object(name);
    if (!value) throw missingParameter(this.#name(name));
    return value;
  }

  /** An array of structures; empty when absent. */
  objects(name: string): Params[] {
    const value = this.values[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every(isObject)) {
      throw invalidParameter(this.#name(name), "It must be an array of objects.");
    }
    return value.map((v, i) => new Params(v, `${this.#name(name)}.${i}`));
  }
}

/**
 * The parameters of a GET request: the SDK flattens nested values into "Filters.0.Name" keys;
 * they are folded back into the JSON shape a POST body carries.
 */
export function unflatten(query: URLSearchParams): Json {
  const root = Object.create(null) as Json;
  for (const [key, value] of query) {
    const parts = key.split(".");
    // Prototype keys would reach Object.prototype through the holders below.
    if (parts.some((part) => part === "__proto__" || part === "constructor" || part === "prototype")) continue;
    let node: Json | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = /^\d+$/.test(parts[i + 1] ?? "");
      const slot = Array.isArray(node) ? Number(part) : part;
      const holder = node as Record<string | number, unknown>;
      if (last) holder[slot] = value;
      else {
        holder[slot] ??= nextIsIndex ? [] : (Object.create(null) as Json);
        node = holder[slot] as Json | unknown[];
      }
    });
  }
  return root;
}

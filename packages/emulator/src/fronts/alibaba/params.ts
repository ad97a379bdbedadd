import { invalidParameter, missingParameter } from "./errors.js";

/**
 * The parameters of one RPC request, from the query string and a form body alike. Lists come
 * flattened as `Name.1`, `Name.2` (`Tag.1.Key`), or, for some newer parameters (DescribeInstances'
 * `InstanceIds`), as one JSON array string.
 */
export class RpcParams {
  readonly values: ReadonlyMap<string, string>;

  constructor(values: ReadonlyMap<string, string>) {
    this.values = values;
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);
    return value === "" ? undefined : value;
  }

  required(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw missingParameter(name);
    return value;
  }

  /** An integer within bounds, or undefined when absent. */
  int(name: string, bounds: { min?: number; max?: number } = {}): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) {
      throw invalidParameter(name, `"${text}" is not an integer.`);
    }
    if ((bounds.min !== undefined && value < bounds.min) || (bounds.max !== undefined && value > bounds.max)) {
      throw invalidParameter(name, `It must be between ${bounds.min ?? "-"} and ${bounds.max ?? "-"}.`);
    }
    return value;
  }

  bool(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text !== "true" && text !== "false") throw invalidParameter(name, `"${text}" is not true or false.`);
    return text === "true";
  }

  /** One of the allowed values (compared as written), or undefined when absent. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) {
      throw invalidParameter(name, `"${text}" is not one of ${allowed.join(", ")}.`);
    }
    return text as T;
  }

  /** `Name.1`, `Name.2`, ... in index order (gaps allowed, as the gateway allows them). */
  list(name: string): string[] {
    return this.#indexed(name)
      .map(([index]) => this.values.get(`${name}.${index}`))
      .filter((v): v is string => v !== undefined && v !== "");
  }

  /** Structures `Name.N.Field`, one object per index. */
  structs(name: string): Record<string, string>[] {
    return this.#indexed(name).map(([index]) => {
      const prefix = `${name}.${index}.`;
      const fields = Object.create(null) as Record<string, string>;
      for (const [key, value] of this.values) if (key.startsWith(prefix)) fields[key.slice(prefix.length)] = value;
      return fields;
    });
  }

  /** A JSON array of strings (`["i-1","i-2"]`), or undefined when absent. */
  jsonArray(name: string): string[] | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === "string")) {
      throw invalidParameter(name, "It must be a JSON array of strings.", `Invalid${name}.Malformed`);
    }
    return parsed;
  }

  /** Tags given as `Tag.N.Key` / `Tag.N.Value` (at most 20, keys unique, as ECS allows). */
  tags(name = "Tag"): Record<string, string> {
    // No prototype: keys such as "__proto__" or "constructor" are ordinary tag keys.
    const tags = Object.create(null) as Record<string, string>;
    for (const { Key: key, Value: value } of this.structs(name)) {
      if (key === undefined || key === "") throw missingParameter(`${name}.N.Key`);
      if (key.startsWith("aliyun") || key.startsWith("acs:") || /^https?:\/\//.test(key)) {
        throw invalidParameter(
          `${name}.N.Key`,
          `"${key}" may not start with aliyun, acs:, http:// or https://.`,
          "InvalidTagKey.Malformed",
        );
      }
      if (key.length > 128) {
        throw invalidParameter(`${name}.N.Key`, "It must be at most 128 characters.", "InvalidTagKey.Malformed");
      }
      if ((value ?? "").length > 128 || /^(aliyun|acs:|https?:\/\/)/.test(value ?? "")) {
        throw invalidParameter(
          `${name}.N.Value`,
          "It must be at most 128 characters and not start with aliyun, acs:, http:// or https://.",
          "InvalidTagValue.Malformed",
        );
      }
      if (Object.hasOwn(tags, key))
        throw invalidParameter(`${name}.N.Key`, `"${key}" is given twice.`, "InvalidTagKey.Duplicate");
      tags[key] = value ?? "";
    }
    if (Object.keys(tags).length > 20) throw invalidParameter(name, "At most 20 tags are allowed.", "InvalidTagCount");
    return tags;
  }

  #indexed(name: string): [number][] {
    const pattern = new RegExp(`^${name.replace(/[.]/g, "\\.")}\\.(\\d+)(?:\\.|$)`);
    const indexes = new Set<number>();
    for (const key of this.values.keys()) {
      const m = pattern.exec(key);
      if (m) indexes.add(Number(m[1]));
    }
    return [...indexes].sort((a, b) => a - b).map((i) => [i]);
  }
}

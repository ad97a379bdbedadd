/** A request parameter was missing or malformed; each service words it in its own vocabulary. */
export class ParamError extends Error {
  override readonly name = "ParamError";
  readonly kind: "missing" | "invalid";
  readonly param: string;

  constructor(kind: "missing" | "invalid", param: string, message: string) {
    super(message);
    this.kind = kind;
    this.param = param;
  }
}

/**
 * The parameters of a form-encoded Query request (EC2 and ELBv2), addressed by dotted names as the
 * protocol flattens them: `Filter.1.Value.2` (EC2) or `Names.member.1` (Query). A view may be
 * scoped to a prefix (one list entry, one structure).
 */
export class QueryParams {
  readonly #values: ReadonlyMap<string, string>;
  readonly #prefix: string;

  constructor(values: ReadonlyMap<string, string>, prefix = "") {
    this.#values = values;
    this.#prefix = prefix;
  }

  /** Parses an `application/x-www-form-urlencoded` body. */
  static parse(body: string): QueryParams {
    const values = new Map<string, string>();
    for (const [key, value] of new URLSearchParams(body)) values.set(key, value);
    return new QueryParams(values);
  }

  /** The full name of a parameter of this view, for messages. */
  path(name: string): string {
    return this.#prefix + name;
  }

  has(name: string): boolean {
    const full = this.path(name);
    for (const key of this.#values.keys()) if (key === full || key.startsWith(`${full}.`)) return true;
    return false;
  }

  string(name: string): string | undefined {
    return this.#values.get(this.path(name));
  }

  required(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === "") {
      throw new ParamError("missing", this.path(name), `The request must contain the parameter ${this.path(name)}`);
    }
    return value;
  }

  int(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n)) {
      throw new ParamError(
        "invalid",
        this.path(name),
        `Value (${value}) for parameter ${this.path(name)} is invalid. Expected an integer.`,
      );
    }
    return n;
  }

  bool(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") {
      throw new ParamError(
        "invalid",
        this.path(name),
        `Value (${value}) for parameter ${this.path(name)} is invalid. Expected true or false.`,
      );
    }
    return value === "true";
  }

  /** A scoped view of a structure parameter. */
  struct(name: string): QueryParams {
    return new QueryParams(this.#values, `${this.path(name)}.`);
  }

  /** Entries of a list parameter (`name.1`, `name.2`, ...) in index order, as scoped views. */
  list(name: string): QueryParams[] {
    return this.#indexes(name).map((i) => new QueryParams(this.#values, `${this.path(name)}.${i}.`));
  }

  /** The string entries of a list parameter (`name.1=a&name.2=b`), in index order. */
  strings(name: string): string[] {
    return this.#indexes(name).flatMap((i) => {
      const value = this.#values.get(`${this.path(name)}.${i}`);
      return value === undefined ? [] : [value];
    });
  }

  #indexes(name: string): number[] {
    const base = `${this.path(name)}.`;
    const found = new Set<number>();
    for (const key of this.#values.keys()) {
      if (!key.startsWith(base)) continue;
      const head = key.slice(base.length).split(".", 1)[0] ?? "";
      if (/^[1-9]\d*$/.test(head)) found.add(Number(head));
    }
    return [...found].sort((a, b) => a - b);
  }
}

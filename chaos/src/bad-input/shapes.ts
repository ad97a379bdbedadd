// What an entry point's parameters and fields are, described small enough to write a table of
// every entry point (entry-points.ts), and the bad values each description yields: wrong types,
// null and undefined, empty, oversized, prototype keys, NaN and Infinity. Each bad value carries
// the field (path) the SDK must name in its InvalidArgument, and the rule where there is one answer.

/** A field of an object: its shape, whether it may be left out, and a good value. */
export interface Field {
  shape: Shape;
  optional?: boolean;
  /** A value the SDK accepts; bad values replace it one at a time. */
  valid: unknown;
}

/** An explicit bad value: for parameters with rules of their own (a driver, an endpoint). */
export interface ExplicitBad {
  label: string;
  value: unknown;
  /** The field the error must name; default: the parameter's or field's own path. */
  field?: string;
  rule?: string;
}

export type Shape =
  /** An SDK name: a letter, then letters, digits, "-" and "_"; 1-63 characters. */
  | { kind: "name" }
  /** A string that is not blank, of at most `max` characters (`blank`: "" is fine too). */
  | { kind: "text"; max: number; blank?: boolean }
  /** A string that must match `pattern` (an MCIS id, a Linux user), of at most `max` characters. */
  | { kind: "pattern"; max: number; bad: readonly string[] }
  | { kind: "cidr" }
  /** An integer from `min` to `max`. */
  | { kind: "int"; min: number; max: number }
  | { kind: "bool" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "list"; item: Shape; itemValid: unknown; max: number; nonEmpty?: boolean }
  /**
   * An object with named fields and no others. `flat`: its fields are named without its own path
   * (a top-level request: "name", not "request.name"); `unknownAt` names where unknown keys are
   * reported when that differs ("request" for placement requests).
   */
  | { kind: "object"; fields: Readonly<Record<string, Field>>; flat?: boolean; unknownAt?: string }
  /** A plain object of string to string (tags, labels, credential values). */
  | { kind: "dict"; maxKeys: number; keyMax: number; valueMax: number; keyRule: string }
  | { kind: "signal" }
  | { kind: "function" }
  /** Only explicit bad values (rules that depend on more than the value). */
  | { kind: "explicit"; bad: readonly ExplicitBad[] };

/** One generated bad input: a parameter or field value and what the SDK must say about it. */
export interface BadValue {
  label: string;
  value: unknown;
  /** The field the InvalidArgument must name. */
  field: string;
  /** The rule it must name, where only one is right; else any rule will do. */
  rule?: string;
}

/** Values of the wrong type: each shape uses those that are not valid for it. */
const wrongTypes: readonly { label: string; value: () => unknown; type: string }[] = [
  { label: "null", value: () => null, type: "null" },
  { label: "number", value: () => 5, type: "number" },
  { label: "NaN", value: () => Number.NaN, type: "number" },
  { label: "Infinity", value: () => Number.POSITIVE_INFINITY, type: "number" },
  { label: "boolean", value: () => true, type: "boolean" },
  { label: "string", value: () => "text", type: "string" },
  { label: "object", value: () => ({}), type: "object" },
  { label: "object without a prototype", value: () => Object.create(null) as object, type: "object" },
  { label: "array", value: () => [], type: "array" },
  { label: "symbol", value: () => Symbol("chaos"), type: "symbol" },
  { label: "bigint", value: () => 10n, type: "bigint" },
  { label: "function", value: () => () => "chaos", type: "function" },
];

/** The JSON types a shape's valid values have (others are wrong types for it). */
function typesOf(shape: Shape): readonly string[] {
  switch (shape.kind) {
    case "name":
    case "text":
    case "pattern":
    case "cidr":
    case "enum":
      return ["string"];
    case "int":
      return ["number"];
    case "bool":
      return ["boolean"];
    case "list":
      return ["array"];
    case "object":
    case "dict":
    case "signal":
      return ["object"];
    case "function":
      return ["function"];
    case "explicit":
      return [];
  }
}

const long = (n: number): string => "x".repeat(n);

/** A plain object holding an own key `__proto__` (as JSON.parse makes it), and `rest`. */
function withProtoKey(rest: object, value: unknown): object {
  return Object.assign(JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`) as object, rest);
}

/** A dictionary with `count` good keys. */
function manyKeys(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, "v"]));
}

/** Where a child of an object at `path` is reported. */
function childPath(shape: Extract<Shape, { kind: "object" }>, path: string, key: string): string {
  return shape.flat ? key : `${path}.${key}`;
}

/**
 * The bad values of a parameter or field at `path`, whose good value is `valid`. Required fields
 * also get "missing" (undefined); optional ones do not, since undefined is fine for them.
 */
export function badValues(shape: Shape, path: string, valid: unknown, optional = false): BadValue[] {
  const out: BadValue[] = [];
  const add = (label: string, value: unknown, field = path, rule?: string): void => {
    out.push({ label, value, field, ...(rule === undefined ? {} : { rule }) });
  };
  if (!optional) add("missing", undefined);
  const types = typesOf(shape);
  for (const wrong of wrongTypes) {
    if (shape.kind === "explicit") break;
    if (types.includes(wrong.type)) continue;
    // NaN and Infinity are numbers: bad for an int shape, where their own cases below cover them.
    add(wrong.label, wrong.value());
  }
  switch (shape.kind) {
    case "name":
      add("empty", "", path, "required");
      add("digit first", "1web", path, "name-characters");
      add("space", "web 1", path, "name-characters");
      add("__proto__", "__proto__", path, "name-characters");
      add("non-ASCII", "이름", path, "name-characters");
      add("64 characters", long(64), path, "name-length");
      add("a megabyte", long(1_000_000), path, "name-length");
      break;
    case "text":
      if (!shape.blank) {
        add("empty", "");
        add("blank", "   ");
      }
      add(`${shape.max + 1} characters`, long(shape.max + 1), path, "max-length");
      add("a megabyte", long(1_000_000), path, "max-length");
      break;
    case "pattern":
      for (const bad of shape.bad) add(JSON.stringify(bad.length > 30 ? `${bad.slice(0, 30)}...` : bad), bad);
      add("a megabyte", long(1_000_000));
      break;
    case "cidr":
      for (const bad of [
        "010.009.000.000/16",
        "10.0.0.0/08",
        "10.0.0.1/16",
        "10.0.0.0/33",
        "256.0.0.0/8",
        "10.0.0.0",
        "",
      ]) {
        add(JSON.stringify(bad), bad);
      }
      add("a megabyte", long(1_000_000));
      break;
    case "int":
      for (const [label, value] of [
        ["NaN", Number.NaN],
        ["Infinity", Number.POSITIVE_INFINITY],
        ["-Infinity", Number.NEGATIVE_INFINITY],
        ["below min", shape.min - 1],
        ["above max", shape.max + 1],
        ["fraction", shape.min + 0.5],
        ["1e308", 1e308],
        ["numeric string", String(shape.min)],
      ] as const) {
        add(label, value);
      }
      break;
    case "bool":
      add('"true"', "true");
      add("1", 1);
      break;
    case "enum":
      add("unknown value", "chaos");
      add("empty", "");
      for (const other of [shape.values[0]?.toLowerCase(), shape.values[0]?.toUpperCase()]) {
        if (other !== undefined && !shape.values.includes(other)) add(`"${other}"`, other);
      }
      break;
    case "signal":
      add("not a signal", { aborted: "no" });
      break;
    case "function":
      break;
    case "list": {
      add("a string", "text");
      if (shape.nonEmpty) add("empty", [], path, "non-empty");
      add(
        `${shape.max + 1} items`,
        Array.from({ length: shape.max + 1 }, () => shape.itemValid),
        path,
        "max-items",
      );
      const rest: unknown[] = Array.isArray(valid) ? (valid as unknown[]).slice(1) : [];
      for (const bad of badValues(shape.item, `${path}[0]`, shape.itemValid)) {
        if (bad.label === "missing") continue; // [undefined] is a hole, tested as null
        out.push({ ...bad, label: `[0] ${bad.label}`, value: [bad.value, ...rest] });
      }
      break;
    }
    case "dict": {
      add("a Map", new Map([["k", "v"]]));
      add(`${shape.maxKeys + 1} keys`, manyKeys(shape.maxKeys + 1), path, "max-items");
      add("empty key", { "": "v" }, `${path}.`, shape.keyRule);
      const longKey = long(shape.keyMax + 1);
      add(`${shape.keyMax + 1}-character key`, { [longKey]: "v" }, `${path}.${longKey}`, shape.keyRule);
      const base = typeof valid === "object" && valid !== null ? valid : {};
      const key = Object.keys(base)[0] ?? "k";
      add(`${shape.valueMax + 1}-character value`, { ...base, [key]: long(shape.valueMax + 1) }, `${path}.${key}`);
      add("number value", { ...base, [key]: 5 }, `${path}.${key}`);
      add("null value", { ...base, [key]: null }, `${path}.${key}`);
      add("object value", { ...base, [key]: {} }, `${path}.${key}`);
      break;
    }
    case "object": {
      const base = (valid ?? {}) as Record<string, unknown>;
      const unknownPath = (key: string): string =>
        shape.unknownAt !== undefined ? `${shape.unknownAt}.${key}` : childPath(shape, path, key);
      add("unknown field", { ...base, chaosField: 1 }, unknownPath("chaosField"), "unknown-field");
      add(
        "a megabyte in an unknown field",
        { ...base, chaosField: long(1_000_000) },
        unknownPath("chaosField"),
        "unknown-field",
      );
      add("own __proto__ key", withProtoKey(base, "x"), unknownPath("__proto__"), "unknown-field");
      add("constructor key", { ...base, constructor: "x" }, unknownPath("constructor"), "unknown-field");
      for (const [key, field] of Object.entries(shape.fields)) {
        for (const bad of badValues(field.shape, childPath(shape, path, key), field.valid, field.optional)) {
          const value: Record<string, unknown> = { ...base };
          if (bad.value === undefined) delete value[key];
          else value[key] = bad.value;
          out.push({ ...bad, label: `${key}: ${bad.label}`, value });
        }
      }
      break;
    }
    case "explicit":
      for (const bad of shape.bad) add(bad.label, bad.value, bad.field ?? path, bad.rule);
      break;
  }
  return out;
}

import { badRequest } from "./http.js";

// Cinder validates request bodies with JSON schemas and reports the first violation as
// "Invalid input for field/attribute <field>. Value: <value>. <jsonschema's message>".

/** A value as Python prints it inside jsonschema's messages ('abc', 1.5, True, None, {'a': 1}). */
export function pythonRepr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(", ")}}`;
  return typeof value === "number" ? String(value) : (JSON.stringify(value) ?? "");
}

/** A value as Python's str() prints it. */
function pythonStr(value: unknown): string {
  return typeof value === "string" ? value : pythonRepr(value);
}

export function schemaError(field: string, value: unknown, message: string): Error {
  return badRequest(`Invalid input for field/attribute ${field}. Value: ${pythonStr(value)}. ${message}`);
}

/**
 * Cinder's `volume_size` type: an integer of at least 1, or a string of digits (whose value the
 * callers check). Returns the number; `null` passes where `allowsNull`.
 */
export function volumeSize(field: string, value: unknown, allowsNull = false): number | null {
  if (value === null && allowsNull) return null;
  if (typeof value === "string") {
    if (!/^[0-9]+$/.test(value)) throw schemaError(field, value, `${pythonRepr(value)} does not match '^[0-9]+$'`);
    return Number(value);
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    const types = allowsNull ? "'integer', 'string', 'null'" : "'integer', 'string'";
    throw schemaError(field, value, `${pythonRepr(value)} is not of type ${types}`);
  }
  if (value < 1) throw schemaError(field, value, `${value} is less than the minimum of 1`);
  return value;
}

/** An optional string of at most 255 characters (names, descriptions). */
export function optionalText(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string")
    throw schemaError(field, value, `${pythonRepr(value)} is not of type 'string', 'null'`);
  if (value.length > 255) throw schemaError(field, value, `${pythonRepr(value)} is too long`);
  return value;
}

/** Volume metadata: string keys of 1..255 characters and string values of at most 255. */
export function metadataOf(value: unknown, field = "metadata"): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw schemaError(field, value, `${pythonRepr(value)} is not of type 'object'`);
  for (const [key, item] of Object.entries(value)) {
    if (key.length === 0 || key.length > 255) throw schemaError(field, value, `${pythonRepr(key)} is too long`);
    if (typeof item !== "string") throw schemaError(key, item, `${pythonRepr(item)} is not of type 'string'`);
    if (item.length > 255) throw schemaError(key, item, `${pythonRepr(item)} is too long`);
  }
  return value as Record<string, string>;
}

/** `body[key]` must be an object: jsonschema's message when it is missing. */
export function requiredObject(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key];
  if (value === undefined) throw badRequest(`'${key}' is a required property`);
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw schemaError(key, value, `${pythonRepr(value)} is not of type 'object'`);
  return value as Record<string, unknown>;
}

import { FrontError } from "../http.js";

// Nova answers a body its JSON schema refuses with "Invalid input for field/attribute <field>.
// Value: <python repr>. <jsonschema message>" (nova/api/validation/validators.py).

/** A JSON value as Python prints it: single quotes, True/False/None. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
      .join(", ")}}`;
  return "None";
}

/** The 400 of a schema violation at `field`, whose value is `value`. */
export function schemaError(field: string, value: unknown, message: string): FrontError {
  const shown = typeof value === "string" ? value : pyRepr(value);
  return new FrontError(400, `Invalid input for field/attribute ${field}. Value: ${shown}. ${message}`);
}

const uuidLike = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Nova's 'uuid' format (oslo's is_uuid_like): 32 hex digits, dashes optional. */
export function requireUuid(field: string, value: unknown): string {
  if (typeof value !== "string") throw schemaError(field, value, `${pyRepr(value)} is not of type 'string'`);
  if (!uuidLike.test(value)) throw schemaError(field, value, `'${value}' is not a 'uuid'`);
  return value;
}

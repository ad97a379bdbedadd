import { badRequest, readJson } from "../http.js";
import type { ServiceCall } from "../service.js";

// Octavia reads bodies with WSME types: unknown attributes, missing mandatory ones and values of
// the wrong type or range are 400s in WSME's words.

export type Body = Record<string, unknown>;

const invalid = (field: string, value: unknown, message: string): Error =>
  badRequest(`Invalid input for field/attribute ${field}. Value: '${String(value)}'. ${message}`);

/** `{ <root>: {...} }`: the object under the root key. */
export function bodyOf(call: ServiceCall, root: string): Body {
  const value = readJson(call.request)[root];
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw invalid(root, value ?? "None", "Mandatory field missing.");
  return value as Body;
}

/** Refuses attributes the type does not have. */
export function onlyKnown(body: Body, argument: string, known: readonly string[]): void {
  const unknown = Object.keys(body).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const noun = unknown.length > 1 ? "attributes" : "attribute";
  throw badRequest(`Unknown ${noun} for argument ${argument}: ${unknown.join(", ")}`);
}

export function mandatory(body: Body, key: string): void {
  if (body[key] === undefined || body[key] === null) throw invalid(key, "None", "Mandatory field missing.");
}

export function text(body: Body, key: string, maxLength = 255): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(key, value, "Wrong type. Expected 'str', got '" + typeof value + "'");
  if (value.length > maxLength)
    throw invalid(key, value, `Value should have a maximum character requirement of ${maxLength}`);
  return value;
}

export function flag(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw invalid(key, value, "Wrong type. Expected 'bool', got '" + typeof value + "'");
  return value;
}

export function integer(body: Body, key: string, minimum?: number, maximum?: number): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value))
    throw invalid(key, value, "Wrong type. Expected 'int', got '" + typeof value + "'");
  if (minimum !== undefined && value < minimum)
    throw invalid(key, value, `Value should be greater or equal to ${minimum}`);
  if (maximum !== undefined && value > maximum)
    throw invalid(key, value, `Value should be lower or equal to ${maximum}`);
  return value;
}

export function oneOf(body: Body, key: string, values: readonly string[]): string | undefined {
  const value = text(body, key);
  if (value !== undefined && !values.includes(value))
    throw invalid(key, value, `Value should be one of: ${[...values].sort().join(", ")}`);
  return value;
}

export function tagsOf(body: Body): string[] | undefined {
  const value = body["tags"];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((t) => typeof t === "string" && t.length <= 255))
    throw invalid("tags", JSON.stringify(value), "Value should be a list of strings of at most 255 characters");
  return value as string[];
}

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

export function uuid(body: Body, key: string): string | undefined {
  const value = text(body, key);
  if (value !== undefined && !uuidPattern.test(value)) throw invalid(key, value, "Value should be UUID format");
  return value;
}

/** The emulator's limits, said as what they are (a 400 a real Octavia would not give). */
export function unsupported(what: string): Error {
  return badRequest(`The emulator does not support ${what}.`);
}

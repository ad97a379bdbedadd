import { randomUUID } from "node:crypto";
import type { FrontRequest, FrontResponse } from "../http-front.js";

/** Where an IBM error points: a body field, a query parameter or a header. */
export interface ErrorTarget {
  name: string;
  type: "field" | "parameter" | "header";
  value?: string;
}

/**
 * An error the front raises itself, rendered in the VPC envelope
 * (`{ errors: [{ code, message, more_info, target }], trace, status_code }`); codes are those of
 * IBM's VPC API error messages.
 */
export class IbmError extends Error {
  override readonly name = "IbmError";
  readonly status: number;
  readonly code: string;
  readonly target: ErrorTarget | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    target?: ErrorTarget,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.target = target;
    this.headers = headers;
  }
}

export const badRequest = (code: string, message: string, target?: ErrorTarget): IbmError =>
  new IbmError(400, code, message, target);
export const conflict = (code: string, message: string, target?: ErrorTarget): IbmError =>
  new IbmError(409, code, message, target);
export const notFound = (code: string, message: string, id?: string): IbmError =>
  new IbmError(404, code, message, id === undefined ? undefined : { name: "id", type: "parameter", value: id });

/** A required body field is absent. */
export const requiredField = (name: string): IbmError =>
  badRequest("validation_required_field", `Missing a required field: ${name}.`, { name, type: "field" });

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FrontResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

export function noContent(status = 204): FrontResponse {
  return { status, headers: { "content-length": "0" } };
}

export function newTrace(): string {
  return randomUUID();
}

/** The request's JSON object body, or a 400 `validation_failure` as IBM answers malformed JSON. */
export function readJson(request: FrontRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(request.body.toString("utf8"));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the 400 below.
  }
  throw badRequest("validation_failure", "The JSON provided did not match the expected structure.");
}

export type Json = Record<string, unknown>;

/** `body[key]` as an object; undefined when absent; a 400 when of another type. */
export function objectOf(body: Json, key: string, required: true): Json;
export function objectOf(body: Json, key: string, required?: false): Json | undefined;
export function objectOf(body: Json, key: string, required = false): Json | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw requiredField(key);
    return undefined;
  }
  if (typeof value !== "object" || Array.isArray(value)) throw fieldType(key);
  return value as Json;
}

export function stringOf(body: Json, key: string, required: true): string;
export function stringOf(body: Json, key: string, required?: false): string | undefined;
export function stringOf(body: Json, key: string, required = false): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw requiredField(key);
    return undefined;
  }
  if (typeof value !== "string") throw fieldType(key);
  return value;
}

export function numberOf(body: Json, key: string, required: true): number;
export function numberOf(body: Json, key: string, required?: false): number | undefined;
export function numberOf(body: Json, key: string, required = false): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw requiredField(key);
    return undefined;
  }
  if (typeof value !== "number" || !Number.isInteger(value)) throw fieldType(key);
  return value;
}

export function booleanOf(body: Json, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw fieldType(key);
  return value;
}

export function arrayOf(body: Json, key: string): Json[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v)))
    throw fieldType(key);
  return value as Json[];
}

/** The `id` of a reference (`{ id }`) in `body[key]`; IBM identities also take `crn` or `href`, which the front does not. */
export function refId(body: Json, key: string, required: true): string;
export function refId(body: Json, key: string, required?: false): string | undefined;
export function refId(body: Json, key: string, required = false): string | undefined {
  const ref = required ? objectOf(body, key, true) : objectOf(body, key);
  return ref === undefined ? undefined : stringOf(ref, "id", true);
}

/** One of `allowed`, or a 400 `validation_enum`. */
export function enumOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw badRequest(
      "validation_enum",
      `The value supplied was not a valid option: ${name} must be one of ${allowed.join(", ")}.`,
      {
        name,
        type: "field",
        value,
      },
    );
  return value as T;
}

function fieldType(name: string): IbmError {
  return badRequest("validation_invalid_field_type", `The value type does not match the field type: ${name}.`, {
    name,
    type: "field",
  });
}

/** IBM resource names: lower case letters, digits and hyphens, starting with a letter, at most 63. */
export function checkName(name: string, field = "name"): string {
  if (!/^([a-z]|[a-z][-a-z0-9]*[a-z0-9])$/.test(name) || name.length > 63)
    throw badRequest("validation_invalid_name", `The value is not a valid name: ${name}.`, {
      name: field,
      type: "field",
      value: name,
    });
  return name;
}

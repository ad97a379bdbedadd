import { randomUUID } from "node:crypto";
import type { FrontRequest, FrontResponse } from "../http-front.js";

/** An error the front raises itself (bad input, unknown route); rendered in the service's envelope. */
export class FrontError extends Error {
  override readonly name = "FrontError";
  readonly status: number;
  /** Neutron's error type ("HTTPNotFound", "BadRequest", ...). */
  readonly neutronType: string | undefined;
  /** Headers the error answer carries (Cinder's quota errors say `Retry-After: 0`). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, neutronType?: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.neutronType = neutronType;
    this.headers = headers;
  }
}

export const badRequest = (message: string): FrontError => new FrontError(400, message, "BadRequest");
export const notFound = (message: string): FrontError => new FrontError(404, message, "HTTPNotFound");

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FrontResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

export function noContent(status = 204, headers: Record<string, string> = {}): FrontResponse {
  return { status, headers: { ...headers, "content-length": "0" } };
}

export function newRequestId(): string {
  return `req-${randomUUID()}`;
}

/** The JSON body of a request, or a 400. */
export function readJson(request: FrontRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(request.body.toString("utf8"));
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the 400 below.
  }
  throw badRequest("Malformed request body");
}

/** `body[key]` as an object, or a 400 naming it. */
export function objectField(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = body[key];
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw badRequest(`'${key}' is a required object`);
  return value as Record<string, unknown>;
}

export function stringField(body: Record<string, unknown>, key: string, required: true): string;
export function stringField(body: Record<string, unknown>, key: string, required?: false): string | undefined;
export function stringField(body: Record<string, unknown>, key: string, required = false): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw badRequest(`'${key}' is a required property`);
    return undefined;
  }
  if (typeof value !== "string") throw badRequest(`Invalid input for ${key}: must be a string`);
  return value;
}

export function numberField(body: Record<string, unknown>, key: string, required: true): number;
export function numberField(body: Record<string, unknown>, key: string, required?: false): number | undefined;
export function numberField(body: Record<string, unknown>, key: string, required = false): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw badRequest(`'${key}' is a required property`);
    return undefined;
  }
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) throw badRequest(`Invalid input for ${key}: must be a number`);
  return n;
}

/** String tags (Neutron, Octavia, Glance) from `body[key]`, or undefined. */
export function tagList(body: Record<string, unknown>, key = "tags"): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((t) => typeof t === "string"))
    throw badRequest(`Invalid input for ${key}: must be a list of strings`);
  return value;
}

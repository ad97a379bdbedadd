import { randomUUID } from "node:crypto";
import type { FrontResponse } from "../http-front.js";
import type { TencentError } from "./errors.js";

export function newRequestId(): string {
  return randomUUID();
}

const json = { "content-type": "application/json" };

/** Every answer is HTTP 200: `{ Response: { ...fields, RequestId } }`. */
export function okResponse(requestId: string, fields: Record<string, unknown>): FrontResponse {
  return { status: 200, headers: json, body: JSON.stringify({ Response: { ...fields, RequestId: requestId } }) };
}

/** Errors too are HTTP 200, with `Response.Error`. */
export function errorResponse(requestId: string, error: TencentError): FrontResponse {
  return {
    status: 200,
    headers: json,
    body: JSON.stringify({ Response: { Error: { Code: error.code, Message: error.message }, RequestId: requestId } }),
  };
}

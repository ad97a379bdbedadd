import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isBaristaError } from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";
import type { ServerEnv } from "./env.js";

/**
 * The body of every error answer. Spider clients read `message` (CB-Spider answers `{"message": ...}`);
 * `code` is the SDK's error code and `field` the request field at fault, for a bad request.
 */
export interface ErrorBody {
  message: string;
  code: ErrorCode | "Internal";
  field?: string;
  rule?: string;
}

/** HTTP status per SDK error code. */
export const statusOfCode: Record<ErrorCode, ContentfulStatusCode> = {
  InvalidArgument: 400,
  Unauthenticated: 401,
  PermissionDenied: 403,
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Aborted: 409,
  QuotaExceeded: 422,
  Throttled: 429,
  NotSupported: 501,
  ProviderError: 502,
  CapacityUnavailable: 503,
  Timeout: 504,
};

/** An error the server raises itself, answered with its status and body as they are. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: ContentfulStatusCode;
  readonly body: ErrorBody;

  constructor(status: ContentfulStatusCode, body: ErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

/** A bad request naming its field (as a path: "ReqInfo.Name"). */
export function badRequest(field: string, message: string, rule = "invalid"): HttpError {
  return new HttpError(400, { message: `${field}: ${message}`, code: "InvalidArgument", field, rule });
}

/** The status and body of any error a route threw. */
export function errorAnswer(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof HttpError) return { status: error.status, body: error.body };
  if (isBaristaError(error)) {
    // A cloud that refused the connection's credential is not the API client's 401.
    const status =
      error.code === "Unauthenticated" && error.provider !== undefined ? 502 : (statusOfCode[error.code] ?? 500);
    return {
      status,
      body: {
        message: error.message,
        code: error.code,
        ...(error.field !== undefined && { field: error.field }),
        ...(error.rule !== undefined && { rule: error.rule }),
      },
    };
  }
  if (error instanceof HTTPException) {
    // Hono's own: a malformed JSON body (400), a body over the limit (413).
    const { status } = error;
    return {
      status,
      body: {
        message: error.message || "bad request",
        code: status < 500 ? "InvalidArgument" : "Internal",
        ...(status === 400 && { field: "body" }),
      },
    };
  }
  return { status: 500, body: { message: "internal server error", code: "Internal" } };
}

/**
 * The app's error handler. It logs the SDK's own messages (which never hold secrets) and, for any other
 * error, only its name: a foreign error's message may quote a request or a credential.
 */
export function onError(error: Error, c: Context<ServerEnv>): Response {
  const { status, body } = errorAnswer(error);
  const logger = c.get("logger");
  const attributes = {
    requestId: c.get("requestId"),
    method: c.req.method,
    path: c.req.path,
    status,
    code: body.code,
  };
  if (status >= 500) {
    logger.error(
      body.code === "Internal" ? `request failed: ${error.name}` : `request failed: ${body.message}`,
      attributes,
    );
  } else {
    logger.info(`request refused: ${body.code}`, attributes);
  }
  // The rest of an oversized body is never read: the connection cannot carry another request.
  if (status === 413) c.header("Connection", "close");
  return c.json(body, status);
}

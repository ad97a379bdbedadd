import type { Context } from "hono";
import type { ZodError } from "zod";
import type { ErrorBody } from "./errors.js";

/** The first issue of a failed validation as a field path ("ReqInfo.SubnetInfoList.0.Name"). */
export function firstIssue(error: ZodError): { field: string; message: string; rule: string } {
  const issue = error.issues[0];
  if (!issue) return { field: "body", message: "is invalid", rule: "invalid" };
  const field = issue.path.length === 0 ? "body" : issue.path.map(String).join(".");
  return { field, message: issue.message, rule: issue.code };
}

/**
 * The validation hook of every route: a request that fails its schema gets 400 and the typed error
 * body naming the field at fault (the schema's path within the body, query or path parameters).
 */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const { field, message, rule } = firstIssue(result.error);
  const body: ErrorBody = { message: `${field}: ${message}`, code: "InvalidArgument", field, rule };
  return c.json(body, 400);
}

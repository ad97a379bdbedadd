import { isBaristaError } from "@cloud-barista/core";
import { RemoteFailure, UsageError } from "./exit-codes.js";

/**
 * One line for an error that ended a command: the SDK's code and message, then the field and rule
 * of an InvalidArgument, the resource, and what a failed multi-step operation left behind. SDK
 * messages never carry credential values, and nothing else of the error (its cause) is printed.
 */
export function formatError(error: unknown): string {
  if (error instanceof UsageError || error instanceof RemoteFailure) return `error: ${error.message}`;
  if (!isBaristaError(error)) return `error: ${error instanceof Error ? error.message : String(error)}`;
  const details = [
    error.field === undefined ? undefined : `field ${error.field}`,
    error.rule === undefined ? undefined : `rule ${error.rule}`,
    error.provider === undefined ? undefined : `provider ${error.provider}`,
    error.nativeCode === undefined ? undefined : `cloud code ${error.nativeCode}`,
    error.requestId === undefined ? undefined : `request ${error.requestId}`,
    error.leftovers.length === 0 ? undefined : `left behind: ${error.leftovers.join(", ")}`,
  ].filter((d) => d !== undefined);
  const message = error.message.replace(/\s*\n\s*/g, " ");
  return `error: ${error.code}: ${message}${details.length === 0 ? "" : ` (${details.join("; ")})`}`;
}

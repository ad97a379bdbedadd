import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { UsageError } from "./exit-codes.js";

/** A request read from a YAML or JSON file ("-" for stdin); the SDK checks its fields. */
export function readRequestFile(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(path === "-" ? 0 : path, "utf8"));
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError(`${path}: must be a YAML or JSON mapping`);
  }
  return parsed as Record<string, unknown>;
}

import { readFileSync } from "node:fs";
import password from "@inquirer/password";
import { parse } from "yaml";
import { UsageError } from "./exit-codes.js";

/** The environment variable a credential key is read from with `--from-env`: accessKeyId -> CB_CRED_ACCESS_KEY_ID. */
export function credentialEnvName(key: string): string {
  return `CB_CRED_${key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** Key/value pairs from a YAML or JSON file (a mapping of strings). */
export function credentialValuesFromFile(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--from-file ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError(`--from-file ${path}: must be a YAML or JSON mapping of credential keys to values`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "string") throw new UsageError(`--from-file ${path}: value of "${key}" must be a string`);
    values[key] = value;
  }
  return values;
}

/** The keys' values from `CB_CRED_*` variables; missing optional keys are left out. */
export function credentialValuesFromEnv(
  keys: { required: readonly string[]; optional?: readonly string[] },
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of [...keys.required, ...(keys.optional ?? [])]) {
    const value = env[credentialEnvName(key)];
    if (value !== undefined && value !== "") values[key] = value;
    else if (keys.required.includes(key)) throw new UsageError(`--from-env: ${credentialEnvName(key)} is not set`);
  }
  return values;
}

/** Asks for each required key on the terminal, without echo; optional keys may be left empty. */
export async function credentialValuesFromPrompt(
  keys: { required: readonly string[]; optional?: readonly string[] },
  signal: AbortSignal,
): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const key of [...keys.required, ...(keys.optional ?? [])]) {
    const optional = !keys.required.includes(key);
    const value = await password(
      {
        message: `${key}${optional ? " (optional, Enter to skip)" : ""}:`,
        mask: "*",
        validate: (v) => optional || v.length > 0 || `${key} is required`,
      },
      { signal },
    );
    if (value !== "") values[key] = value;
  }
  return values;
}

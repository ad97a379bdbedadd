import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { UsageError } from "./exit-codes.js";

/**
 * The key that seals credentials: `CB_ENCRYPTION_KEY` when set, else the profile's key file, made
 * with 32 random bytes (hex) and mode 0600 on first use. A key file others can read is refused.
 */
export function encryptionKey(keyFile: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CB_ENCRYPTION_KEY;
  if (fromEnv) return fromEnv;
  try {
    const mode = statSync(keyFile).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new UsageError(`key file ${keyFile} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`);
    }
    return readFileSync(keyFile, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString("hex");
  // "wx": never replace a key another cb process has just written.
  try {
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(keyFile, "utf8").trim();
    throw error;
  }
  return key;
}

import { BaristaError } from "../errors.js";

/** Replaces every occurrence of a secret in text (error messages, log lines) before it is kept anywhere. */
export type Redactor = (text: string) => string;

const placeholder = "[REDACTED]";

/** Lines of a multi-line secret (a PEM key's base64 body) at least this long are secrets of their own. */
const minSecretLine = 16;

/** A PEM's armour ("-----BEGIN PRIVATE KEY-----") is public and names what an error is about. */
const isSecretLine = (line: string) => line.length >= minSecretLine && !/^-----[A-Z0-9 ]+-----$/.test(line);

export function createRedactor(secrets: Iterable<string>): Redactor {
  // A multi-line secret (a certificate with its private key) may be quoted a line at a time, or
  // with other line endings: each long line counts too. Longest first, so a secret that contains
  // another is replaced whole. Very short values (e.g. a region code in a credential) would mangle
  // unrelated text and protect nothing.
  const all = [...secrets].flatMap((s) =>
    s.includes("\n")
      ? [
          s,
          ...s
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter(isSecretLine),
        ]
      : [s],
  );
  const list = [...new Set(all)].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => list.reduce((out, secret) => out.split(secret).join(placeholder), text);
}

/** Cause chains deeper than this are cut: nothing useful hides that deep, and cycles end. */
const maxCauseDepth = 8;

/**
 * A cause as it may travel with an SDK error: BaristaErrors scrubbed in place, anything else
 * replaced by a plain Error of its name, message and code (a vendor client's error carries its
 * request, with bodies and headers, in other properties).
 */
function scrubCause(cause: unknown, redact: Redactor, depth: number): unknown {
  if (cause === undefined || depth > maxCauseDepth) return undefined;
  if (cause instanceof BaristaError) return redactError(cause, redact, depth);
  const source = cause instanceof Error ? cause : new Error(typeof cause === "string" ? cause : "a non-error cause");
  const plain = new Error(redact(source.message));
  plain.name = source.name;
  plain.stack = redact(`${source.name}: ${source.message}`);
  const code = (source as { code?: unknown }).code;
  if (typeof code === "string") Object.assign(plain, { code });
  const inner = scrubCause(source.cause, redact, depth + 1);
  if (inner !== undefined) Object.defineProperty(plain, "cause", { value: inner, configurable: true, writable: true });
  return plain;
}

/** Fields of an error that may quote the cloud or the request (a resource named by a secret id). */
const textFields = ["requestId", "nativeCode", "field", "rule", "resourceType", "resourceName"] as const;

/**
 * Removes secrets from everything an error shows: message, stack, leftovers, its text fields and
 * the whole cause chain (inspect and JSON print them all).
 */
export function redactError(error: BaristaError, redact: Redactor, depth = 0): BaristaError {
  error.message = redact(error.message);
  for (const key of textFields) {
    const value = error[key];
    // Readonly to callers, plain own properties underneath: rewritten here, before anyone sees them.
    if (value !== undefined)
      Object.defineProperty(error, key, { value: redact(value), enumerable: true, writable: false });
  }
  if (error.stack !== undefined) error.stack = redact(error.stack);
  error.leftovers = error.leftovers.map(redact);
  if (error.cause !== undefined) {
    const cause = scrubCause(error.cause, redact, depth + 1);
    Object.defineProperty(error, "cause", { value: cause, configurable: true, writable: true, enumerable: false });
  }
  return error;
}

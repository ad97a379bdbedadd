/** Replaces every occurrence of a secret in text (error messages, log lines) before it is kept anywhere. */
export type Redactor = (text: string) => string;

const placeholder = "[REDACTED]";

export function createRedactor(secrets: Iterable<string>): Redactor {
  // Longest first, so a secret that contains another is replaced whole. Very short values
  // (e.g. a region code in a credential) would mangle unrelated text and protect nothing.
  const list = [...new Set(secrets)].filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  if (list.length === 0) return (text) => text;
  return (text) => list.reduce((out, secret) => out.split(secret).join(placeholder), text);
}

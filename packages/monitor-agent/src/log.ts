/** How the agent reports what happens: a level, a message and a few plain fields, never a token. */
export type LogFn = (level: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => void;

/** Logs nothing (the library default; the CLI writes JSON lines to stderr). */
export const silentLog: LogFn = () => {};

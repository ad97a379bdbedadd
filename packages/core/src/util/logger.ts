/** Structured attributes of a log line. Never put secrets or request/response bodies here. */
export type LogAttributes = Record<string, string | number | boolean | undefined>;

/** The logger the application injects; the SDK logs nothing unless given one. */
export interface Logger {
  debug(message: string, attributes?: LogAttributes): void;
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
}

export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

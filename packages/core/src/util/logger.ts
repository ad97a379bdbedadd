/** Structured attributes of a log line. Never put secrets or request/response bodies here. */
export type LogAttributes = Record<string, string | number | boolean | undefined>;

/** The logger the application injects; the SDK logs nothing unless given one. */
export interface Logger {
  /** Detail for troubleshooting. */
  debug(message: string, attributes?: LogAttributes): void;
  /** Normal events worth a line. */
  info(message: string, attributes?: LogAttributes): void;
  /** Something went wrong and was handled. */
  warn(message: string, attributes?: LogAttributes): void;
  /** Something went wrong and was not handled. */
  error(message: string, attributes?: LogAttributes): void;
}

/** A logger that drops everything: the default. */
export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

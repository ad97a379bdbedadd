/**
 * An error answer in a service's own vocabulary: its error code, message and HTTP status. Action
 * handlers throw it for protocol-level refusals; world errors are translated into it per service.
 */
export class AwsFault extends Error {
  override readonly name = "AwsFault";
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export function isAwsFault(error: unknown): error is AwsFault {
  return error instanceof Error && error.name === "AwsFault";
}

/**
 * An answer in Azure Resource Manager's error envelope, `{ error: { code, message, target?,
 * details? } }`, with its HTTP status (and Retry-After for throttling and unavailability).
 */
export class ArmError extends Error {
  override readonly name = "ArmError";
  readonly code: string;
  readonly status: number;
  readonly target: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      target?: string | undefined;
      retryAfterSeconds?: number | undefined;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.target = options.target;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers ?? {};
  }

  /** The envelope's `error` object, as ARM and the async-operation status documents carry it. */
  body(): { code: string; message: string; target?: string; details: never[] } {
    return { code: this.code, message: this.message, ...(this.target ? { target: this.target } : {}), details: [] };
  }
}

export function isArmError(error: unknown): error is ArmError {
  return error instanceof Error && error.name === "ArmError";
}

/** 404 for a resource of `type` ("Microsoft.Network/virtualNetworks") that is not in its group. */
export function resourceNotFound(type: string, name: string, group: string): ArmError {
  return new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function badRequest(code: string, message: string, target?: string): ArmError {
  return new ArmError(400, code, message, { target });
}

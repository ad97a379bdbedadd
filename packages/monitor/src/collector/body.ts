import type { IncomingMessage } from "node:http";
import { createGunzip } from "node:zlib";

/** Why a body could not be read, as an HTTP status. */
export class BodyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a request body, gunzipping `Content-Encoding: gzip`, and fails with 413 as soon as the
 * (decompressed) body passes `limit` bytes: a large or zip-bomb body never fills memory.
 */
export async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers["content-length"] ?? NaN);
  if (declared > limit) throw new BodyError(413, `request body is ${declared} bytes, more than the limit of ${limit}`);
  const encoding = (request.headers["content-encoding"] ?? "identity").toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    throw new BodyError(415, `content encoding "${encoding}" is not supported (gzip or none)`);
  }
  const source = encoding === "gzip" ? request.pipe(createGunzip()) : request;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw new BodyError(413, `request body is more than the limit of ${limit} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof BodyError) {
      request.resume();
      throw error;
    }
    throw new BodyError(400, `unable to read the body: ${(error as Error).message}`);
  }
  return Buffer.concat(chunks, size);
}

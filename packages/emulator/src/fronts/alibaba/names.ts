import { invalidParameter } from "./errors.js";
import type { RpcParams } from "./params.js";

/**
 * A resource name as ECS and VPC accept them: `min`..128 characters, starting with a letter (or a
 * Chinese character), not with http:// or https://. Undefined when absent (names are optional).
 */
export function nameParam(params: RpcParams, name: string, min = 2): string | undefined {
  const value = params.string(name);
  if (value === undefined) return undefined;
  if (
    value.length < min ||
    value.length > 128 ||
    !/^[A-Za-z\u4e00-\u9fa5]/.test(value) ||
    /^https?:\/\//.test(value) ||
    !/^[\w\u4e00-\u9fa5.:\- ]+$/.test(value)
  ) {
    throw invalidParameter(
      name,
      `It must be ${min} to 128 characters, start with a letter, and contain only letters, digits, periods, underscores, colons and hyphens.`,
      `Invalid${name}.Malformed`,
    );
  }
  return value;
}

/** A description: up to 256 characters, not starting with http:// or https://. */
export function descriptionParam(params: RpcParams, name = "Description"): string | undefined {
  const value = params.string(name);
  if (value !== undefined && (value.length > 256 || /^https?:\/\//.test(value))) {
    throw invalidParameter(
      name,
      "It must be up to 256 characters and not start with http:// or https://.",
      `Invalid${name}.Malformed`,
    );
  }
  return value;
}

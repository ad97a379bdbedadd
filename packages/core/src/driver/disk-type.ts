/**
 * The disk type to send, or undefined for the cloud's default: CB-Spider's callers send "" or
 * "default" (any case) when they mean "whatever the cloud uses by default".
 */
export function diskTypeOrDefault(type: string | undefined): string | undefined {
  return type === undefined || type === "" || type.toLowerCase() === "default" ? undefined : type;
}

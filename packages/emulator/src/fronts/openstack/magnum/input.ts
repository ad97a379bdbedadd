import { badRequest } from "../http.js";

// Magnum's request bodies are read by WSME types: a wrong type or a value out of range is a 400
// naming the attribute.

export function invalidField(field: string, value: unknown, why: string): never {
  throw badRequest(`Invalid input for field/attribute ${field}. Value: ${JSON.stringify(value)}. ${why}`);
}

export function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") invalidField(key, value, "Wrong type. Expected 'str'");
  return value;
}

/** An integer of at least `minimum`; Magnum also takes digit strings. */
export function integer(body: Record<string, unknown>, key: string, minimum: number): number | undefined {
  const raw = body[key];
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === "string" && /^-?\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isInteger(value)) invalidField(key, raw, "Wrong type. Expected 'int'");
  if (value < minimum) invalidField(key, raw, `Value should be greater or equal to ${minimum}`);
  return value;
}

export function flag(body: Record<string, unknown>, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") invalidField(key, value, "Wrong type. Expected 'bool'");
  return value;
}

/** One JSON-patch operation (Magnum's PATCH bodies). */
export interface PatchOp {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

export function patchOps(body: unknown): PatchOp[] {
  if (!Array.isArray(body)) throw badRequest("Invalid input for field/attribute patch. Expected a JSON patch list.");
  return body.map((raw: unknown) => {
    const op = raw as Partial<PatchOp> | null;
    if (
      op === null ||
      typeof op !== "object" ||
      typeof op.path !== "string" ||
      !["add", "replace", "remove"].includes(String(op.op))
    )
      throw badRequest(
        "Invalid input for field/attribute patch. Each operation needs 'op' (add, replace, remove) and 'path'.",
      );
    return op as PatchOp;
  });
}

/** A JSON-patch body, parsed (PATCH bodies are lists, which readJson refuses). */
export function readPatch(body: Buffer): PatchOp[] {
  try {
    return patchOps(JSON.parse(body.toString("utf8")));
  } catch (error) {
    if (error instanceof SyntaxError) throw badRequest("Malformed request body");
    throw error;
  }
}

/** Auto-scaling as the cluster autoscaler's labels say it. */
export function scalingOf(
  labels: Record<string, string>,
  desired: number,
): { autoScaling: boolean; min: number; max: number } {
  const min = labels["min_node_count"] === undefined ? Math.min(1, desired) : Number(labels["min_node_count"]);
  // The world keeps at least one node of room (an empty default-worker can grow to one).
  const max = labels["max_node_count"] === undefined ? Math.max(desired, 1) : Number(labels["max_node_count"]);
  if (!Number.isInteger(min) || min < 0)
    invalidField("labels", labels, "min_node_count must be a non-negative integer");
  if (!Number.isInteger(max) || max < 0)
    invalidField("labels", labels, "max_node_count must be a non-negative integer");
  return { autoScaling: labels["auto_scaling_enabled"] === "true", min, max };
}

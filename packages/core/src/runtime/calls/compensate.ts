import { BaristaError, isBaristaError } from "../../errors.js";
import type { CallContext, UndoStep } from "../../driver/call-context.js";
import type { Logger } from "../../util/logger.js";

/**
 * Runs a multi-step operation; when it fails, undoes its steps in reverse with `undoContext` (a
 * context whose calls are marked as compensation and which the caller's abort does not stop), and
 * rethrows the failure with whatever could not be undone in `leftovers`.
 */
export async function compensate<T>(
  operation: (undo: UndoStep) => Promise<T>,
  undoContext: () => CallContext,
  logger: Logger,
): Promise<T> {
  const steps: { description: string; undo: (ctx: CallContext) => Promise<unknown> }[] = [];
  try {
    return await operation((description, undo) => steps.push({ description, undo }));
  } catch (error) {
    if (steps.length === 0) throw error;
    const ctx = undoContext();
    const leftovers: string[] = [];
    for (const step of steps.reverse()) {
      try {
        await step.undo(ctx);
      } catch (undoError) {
        if (isBaristaError(undoError, "NotFound")) continue;
        const why = undoError instanceof Error ? undoError.message : String(undoError);
        leftovers.push(`${step.description}: ${why}`);
        logger.warn("could not undo a step of a failed operation", { step: step.description });
      }
    }
    if (leftovers.length === 0) throw error;
    const failure = isBaristaError(error)
      ? error
      : new BaristaError("ProviderError", error instanceof Error ? error.message : String(error), { cause: error });
    failure.leftovers = [...failure.leftovers, ...leftovers];
    failure.message = `${failure.message} (left behind: ${leftovers.join("; ")})`;
    throw failure;
  }
}

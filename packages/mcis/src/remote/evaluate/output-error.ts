import { BaristaError } from "@cloud-barista/core";

/** Why an evaluation's output was refused. */
export type EvaluationOutputProblem =
  /** Nothing was printed. */
  | "empty"
  /** The output stops before its "end" line (the run was cut off). */
  | "truncated"
  /** A line that is not a record of the format, a value that is not a number, a record twice. */
  | "garbled"
  /** The output says it is another format version. */
  | "unsupported-version"
  /** Framed correctly, but a measurement or a peer says neither a result nor why it was skipped. */
  | "incomplete";

/**
 * An evaluation printed something the parser does not accept: no figure of that VM is used (a
 * ProviderError, as a cloud's unreadable answer would be). Retryable when the output was cut off.
 */
export class EvaluationOutputError extends BaristaError {
  readonly problem: EvaluationOutputProblem;
  /** The 1-based line at fault, when one is. */
  readonly line: number | undefined;

  constructor(problem: EvaluationOutputProblem, message: string, line?: number) {
    super("ProviderError", `evaluation output ${problem}: ${message}`, {
      retryable: problem === "truncated",
      nativeCode: `evaluation-${problem}`,
    });
    this.problem = problem;
    this.line = line;
  }
}

/** Whether an error is the evaluation script's output not being what it should be. */
export function isEvaluationOutputError(error: unknown): error is EvaluationOutputError {
  return error instanceof EvaluationOutputError;
}

import type { BaristaError } from "@cloud-barista/core";
import type { EvaluationOutput } from "./parse.js";
import type { SpecKey } from "../../placement/performance.js";
import type { RemoteError } from "../errors.js";

/** One VM's run: its parsed output, or why there is none. */
export interface VmEvaluation {
  readonly vmId: string;
  readonly spec: SpecKey;
  readonly output?: EvaluationOutput;
  /** Unreachable, refused, timed out, a non-zero exit, or output the parser refused. */
  readonly error?: RemoteError | BaristaError;
  readonly durationMs: number;
}

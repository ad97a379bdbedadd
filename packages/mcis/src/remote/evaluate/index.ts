// Performance evaluation over SSH (Milkyway-like): the SDK's script, its parser, the run and its records.
export { checkPeers, checkWorkload, defaultWorkload, evaluationCommand } from "./command.js";
export type { EvaluationPeer, EvaluationWorkload } from "./command.js";
export { evaluatePerformance } from "./evaluate.js";
export type { EvaluateOptions, EvaluationReport, EvaluationTarget } from "./evaluate.js";
export type { VmEvaluation } from "./vm-evaluation.js";
export { EvaluationOutputError, isEvaluationOutputError } from "./output-error.js";
export type { EvaluationOutputProblem } from "./output-error.js";
export { parseEvaluationOutput } from "./parse.js";
export type { EvaluationOutput, Measurement, RttMeasurement, SkippedMeasurement } from "./parse.js";
export { evaluationFormatVersion, evaluationScript } from "./script.js";
export { evaluationTargets } from "./targets.js";
export type { ConnectionPlace } from "./targets.js";

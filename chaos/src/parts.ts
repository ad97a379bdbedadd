import { badInputPart } from "./bad-input.js";
import type { ChaosPart } from "./part.js";

/** Every part, in the order `scripts/run chaos` runs them. Add new parts (SIGKILL, faults, ...) here. */
export const chaosParts: readonly ChaosPart[] = [badInputPart];

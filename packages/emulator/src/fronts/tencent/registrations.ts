import type { ActionRegistration } from "./actions.js";
import { regionActions } from "./regions.js";

/** Every action the front serves; each area's module lists its own. */
export const tencentActions: readonly ActionRegistration[] = [...regionActions];

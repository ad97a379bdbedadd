import type { ActionRegistration } from "./actions.js";
import { imageReadActions } from "./images.js";
import { instanceTypeActions } from "./instance-types.js";
import { regionActions } from "./regions.js";

/** Every action the front serves; each area's module lists its own. */
export const alibabaActions: readonly ActionRegistration[] = [
  ...regionActions,
  ...imageReadActions,
  ...instanceTypeActions,
];

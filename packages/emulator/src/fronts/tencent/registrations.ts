import type { ActionRegistration } from "./actions.js";
import { autoScalingActions } from "./autoscaling.js";
import { clbActions } from "./clb.js";
import { diskActions } from "./disks.js";
import { imageActions } from "./images.js";
import { instanceActions } from "./instances.js";
import { keyPairActions } from "./key-pairs.js";
import { networkActions } from "./network.js";
import { quotaActions } from "./quotas.js";
import { regionActions } from "./regions.js";
import { securityGroupActions } from "./security-groups.js";
import { specActions } from "./specs.js";
import { tagActions } from "./tags.js";
import { tkeActions } from "./tke.js";

/** Every action the front serves; each area's module lists its own. */
export const tencentActions: readonly ActionRegistration[] = [
  ...regionActions,
  ...specActions,
  ...imageActions,
  ...networkActions,
  ...securityGroupActions,
  ...keyPairActions,
  ...instanceActions,
  ...diskActions,
  ...clbActions,
  ...tagActions,
  ...quotaActions,
  ...tkeActions,
  ...autoScalingActions,
];

import { accountActions } from "./account.js";
import type { ActionRegistration } from "./actions.js";
import { diskActions } from "./disks.js";
import { imageReadActions } from "./images.js";
import { instanceTypeActions } from "./instance-types.js";
import { instanceActions } from "./instances.js";
import { keyPairActions } from "./key-pairs.js";
import { myImageActions } from "./my-images.js";
import { networkActions } from "./network.js";
import { regionActions } from "./regions.js";
import { securityGroupActions } from "./security-groups.js";
import { slbActions } from "./slb.js";
import { tagActions } from "./tags.js";

/** Every action the front serves; each area's module lists its own. */
export const alibabaActions: readonly ActionRegistration[] = [
  ...regionActions,
  ...imageReadActions,
  ...instanceTypeActions,
  ...networkActions,
  ...securityGroupActions,
  ...keyPairActions,
  ...instanceActions,
  ...diskActions,
  ...myImageActions,
  ...slbActions,
  ...tagActions,
  ...accountActions,
];

import { badInputPart } from "./bad-input.js";
import { etcdKillsPart } from "./etcd-kills.js";
import { faultsPart } from "./faults.js";
import { killPart } from "./kill.js";
import type { ChaosPart } from "./part.js";
import { processesPart } from "./processes.js";
import { secretsPart } from "./secrets.js";

/** Every part, in the order `scripts/run chaos` runs them. Add new parts here. */
export const chaosParts: readonly ChaosPart[] = [
  badInputPart,
  secretsPart,
  killPart,
  faultsPart,
  processesPart,
  etcdKillsPart,
];

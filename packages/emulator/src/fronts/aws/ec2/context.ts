import type { AccountRegion } from "../../../world/account-region.js";
import type { World } from "../../../world/world.js";
import type { PagePolicy } from "../paging.js";
import type { QueryParams } from "../params.js";
import type { XmlFields } from "../xml.js";

/** What an EC2 action handler gets: its parameters, who is asking, where, and the world's gate. */
export interface Ec2Context {
  readonly action: string;
  readonly params: QueryParams;
  readonly world: World;
  /** The caller's account (its AWS account id). */
  readonly account: string;
  readonly region: string;
  readonly pages: PagePolicy;
  /**
   * Runs this action's one world operation through the gate (latency, rate limit, faults);
   * `resources` is how many instances it acts on, for EC2's resource rate limits.
   */
  call<T>(fn: (cloud: AccountRegion) => T | Promise<T>, options?: { resources?: number }): Promise<T>;
}

/** One EC2 action: returns the children of its `<Action>Response` element after `requestId`. */
export type Ec2Action = (ctx: Ec2Context) => Promise<XmlFields>;

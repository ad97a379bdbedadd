import type { AccountRegion } from "../../../world/account-region.js";
import type { World } from "../../../world/world.js";
import type { PagePolicy } from "../paging.js";
import type { QueryParams } from "../params.js";
import type { XmlFields } from "../xml.js";
import type { ElbState } from "./state.js";

/** What an ELBv2 action handler gets: parameters, caller, place, the overlay and the world's gate. */
export interface ElbContext {
  readonly action: string;
  readonly params: QueryParams;
  readonly world: World;
  readonly account: string;
  readonly region: string;
  readonly pages: PagePolicy;
  readonly state: ElbState;
  /** Runs this action through the world's gate; `fn` may read the world and change the overlay. */
  call<T>(fn: (cloud: AccountRegion) => T | Promise<T>): Promise<T>;
}

/** One ELBv2 action: returns the children of its `<Action>Result` element. */
export type ElbAction = (ctx: ElbContext) => Promise<XmlFields>;

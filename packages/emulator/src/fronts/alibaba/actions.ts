import type { AccountRegion } from "../../world/account-region.js";
import type { GateContext, World } from "../../world/world.js";
import type { Caller } from "./authenticate.js";
import type { FrontState } from "./front-state.js";
import type { PagePolicy } from "./paging.js";
import type { RpcParams } from "./params.js";
import type { Product } from "./products.js";

/** What an action handler gets: the request, who sent it, and the world through its gate. */
export interface ActionContext {
  world: World;
  params: RpcParams;
  caller: Caller;
  product: Product;
  action: string;
  /** The request's RegionId, checked against the catalog (the front's default when an action takes none). */
  region: string;
  state: FrontState;
  pages: PagePolicy;
  settings: AlibabaSettings;
  /**
   * Runs `fn` through the world's gate as this action in the caller's account and region: latency,
   * the per-API rate limit (Throttling.User), injected faults. `cost`: resources acted on.
   */
  call<T>(fn: (cloud: AccountRegion, gate: GateContext) => T | Promise<T>, options?: { cost?: number }): Promise<T>;
}

/** What handlers read of the front's settings. */
export interface AlibabaSettings {
  /** How long (world clock) a new VPC or VSwitch stays Pending. */
  vpcPendingMs: number;
  /** How long a ClientToken's answer is kept. */
  clientTokenRetentionMs: number;
}

/** An action's answer: the fields beside RequestId. */
export type ActionResult = Record<string, unknown>;

export type ActionHandler = (context: ActionContext) => Promise<ActionResult>;

/** One action of one product. */
export interface ActionRegistration {
  product: Product;
  action: string;
  handler: ActionHandler;
  /** False for actions whose RegionId is optional (DescribeRegions); default true. */
  regionRequired?: boolean;
}

/** Registrations by product version and action name. */
export class ActionTable {
  readonly #byKey = new Map<string, ActionRegistration>();

  constructor(registrations: readonly ActionRegistration[]) {
    for (const r of registrations) {
      const key = `${r.product.version} ${r.action}`;
      if (this.#byKey.has(key)) throw new Error(`action ${r.action} of ${r.product.name} is registered twice`);
      this.#byKey.set(key, r);
    }
  }

  find(version: string, action: string): ActionRegistration | undefined {
    return this.#byKey.get(`${version} ${action}`);
  }

  /** Every registered action, "Ecs:RunInstances", for documentation and tests. */
  names(): string[] {
    return [...this.#byKey.values()].map((r) => `${r.product.name}:${r.action}`);
  }
}

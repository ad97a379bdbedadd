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
  /**
   * The name the world's gate knows this action by (call history, rate limits, injected faults):
   * the action, with the product in front ("vpc:TagResources") when another product serves an
   * action of the same name and this one is not ECS's, as the driver's API table names it.
   */
  api: string;
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

/** A registration with the name the world's gate knows it by. */
export interface ActionEntry {
  registration: ActionRegistration;
  api: string;
}

/** Registrations by product version and action name. */
export class ActionTable {
  readonly #byKey = new Map<string, ActionEntry>();

  constructor(registrations: readonly ActionRegistration[]) {
    const productsOf = new Map<string, Set<Product["name"]>>();
    for (const r of registrations) {
      productsOf.set(r.action, (productsOf.get(r.action) ?? new Set()).add(r.product.name));
    }
    for (const r of registrations) {
      const key = `${r.product.version} ${r.action}`;
      if (this.#byKey.has(key)) throw new Error(`action ${r.action} of ${r.product.name} is registered twice`);
      // One gate name per product's action: a fault or rate limit on VPC's TagResources must not hit ECS's.
      const shared = (productsOf.get(r.action)?.size ?? 0) > 1;
      const api = shared && r.product.name !== "Ecs" ? `${r.product.name.toLowerCase()}:${r.action}` : r.action;
      this.#byKey.set(key, { registration: r, api });
    }
  }

  find(version: string, action: string): ActionEntry | undefined {
    return this.#byKey.get(`${version} ${action}`);
  }

  /** Every registered action, "Ecs:RunInstances", for documentation and tests. */
  names(): string[] {
    return [...this.#byKey.values()].map(({ registration: r }) => `${r.product.name}:${r.action}`);
  }

  /** Every name the world's gate knows the actions by ("RunInstances", "vpc:TagResources"). */
  apis(): string[] {
    return [...this.#byKey.values()].map((e) => e.api);
  }
}

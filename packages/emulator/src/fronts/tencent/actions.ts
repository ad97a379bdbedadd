import type { AccountRegion } from "../../world/account-region.js";
import type { GateContext, World } from "../../world/world.js";
import type { Caller } from "./authenticate.js";
import type { FrontState } from "./front-state.js";
import type { PagePolicy } from "./paging.js";
import type { Params } from "./params.js";
import type { Service } from "./services.js";

/** What an action handler gets: the request, who sent it, and the world through its gate. */
export interface ActionContext {
  world: World;
  params: Params;
  caller: Caller;
  service: Service;
  action: string;
  /** The name the world's gate knows this action by ("RunInstances", "region:DescribeRegions"). */
  api: string;
  /** X-TC-Region, checked against the catalog (the front's default for region-less actions). */
  region: string;
  requestId: string;
  state: FrontState;
  pages: PagePolicy;
  settings: TencentSettings;
  /** Runs `fn` through the world's gate as this action: latency, the per-API rate limit, faults. */
  call<T>(fn: (cloud: AccountRegion, gate: GateContext) => T | Promise<T>, options?: { cost?: number }): Promise<T>;
}

export interface TencentSettings {
  /** How long a ClientToken's answer is kept. */
  clientTokenRetentionMs: number;
}

export type ActionResult = Record<string, unknown>;

export type ActionHandler = (context: ActionContext) => Promise<ActionResult>;

/** One action of one service. */
export interface ActionRegistration {
  service: Service;
  action: string;
  handler: ActionHandler;
  /** False for actions that take no X-TC-Region (the region service's); default true. */
  regionRequired?: boolean;
}

export interface ActionEntry {
  registration: ActionRegistration;
  api: string;
}

/** Registrations by service and action name. */
export class ActionTable {
  readonly #byKey = new Map<string, ActionEntry>();

  constructor(registrations: readonly ActionRegistration[]) {
    const servicesOf = new Map<string, Set<string>>();
    for (const r of registrations)
      servicesOf.set(r.action, (servicesOf.get(r.action) ?? new Set()).add(r.service.name));
    for (const r of registrations) {
      const key = `${r.service.name} ${r.action}`;
      if (this.#byKey.has(key)) throw new Error(`action ${r.action} of ${r.service.name} is registered twice`);
      // One gate name per service's action: a fault on region's DescribeRegions must not hit CVM's.
      const shared = (servicesOf.get(r.action)?.size ?? 0) > 1;
      const api = shared && r.service.name !== "cvm" ? `${r.service.name}:${r.action}` : r.action;
      this.#byKey.set(key, { registration: r, api });
    }
  }

  find(service: string, action: string): ActionEntry | undefined {
    return this.#byKey.get(`${service} ${action}`);
  }

  /** Every registered action, "cvm:RunInstances". */
  names(): string[] {
    return [...this.#byKey.values()].map(({ registration: r }) => `${r.service.name}:${r.action}`);
  }
}

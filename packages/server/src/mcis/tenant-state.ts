import { createMcisService } from "@cloud-barista/mcis";
import type { McisService, McisServiceOptions } from "@cloud-barista/mcis";
import type { CloudBarista } from "@cloud-barista/core";
import type { Tenant } from "../http/env.js";
import { Namespaces } from "./namespaces.js";
import { NamespaceHub, Operations } from "./operations.js";

/** What the MCIS API keeps for one tenant: its MCIS service, namespaces, operations and events. */
export interface TenantMcis {
  readonly service: McisService;
  readonly namespaces: Namespaces;
  readonly operations: Operations;
  readonly hub: NamespaceHub;
}

/** Options of the MCIS service made for each tenant (its `barista` is the tenant's own). */
export type TenantServiceOptions = Omit<McisServiceOptions, "barista">;

/**
 * The state of each tenant, made on its first MCIS request and kept as long as its SDK instance
 * lives. Keyed by the tenant's own SDK instance, so nothing here is shared between tenants.
 */
export class TenantStates {
  readonly #states = new WeakMap<CloudBarista, TenantMcis>();
  readonly #options: TenantServiceOptions | ((tenant: Tenant) => TenantServiceOptions);

  constructor(options: TenantServiceOptions | ((tenant: Tenant) => TenantServiceOptions) = {}) {
    this.#options = options;
  }

  of(tenant: Tenant): TenantMcis {
    let state = this.#states.get(tenant.barista);
    if (!state) {
      state = {
        service: createMcisService({
          ...(typeof this.#options === "function" ? this.#options(tenant) : this.#options),
          barista: tenant.barista,
        }),
        namespaces: new Namespaces(tenant.barista.store),
        operations: new Operations(),
        hub: new NamespaceHub(),
      };
      this.#states.set(tenant.barista, state);
    }
    return state;
  }
}

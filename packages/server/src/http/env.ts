import type { CloudBarista, Logger } from "@cloud-barista/core";
import type { DriverFactory } from "../drivers.js";

/** A tenant: who a request acts for, and the SDK instance (store, credentials, connections) that is theirs alone. */
export interface Tenant {
  readonly id: string;
  readonly barista: CloudBarista;
}

/** The Hono environment of every route: the tenant the request authenticated as. */
export interface ServerEnv {
  Variables: {
    tenant: Tenant;
    requestId: string;
    logger: Logger;
    /** Makes drivers for `POST /spider/driver`. */
    drivers: DriverFactory;
  };
}

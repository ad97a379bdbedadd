import type { AxiosInstance } from "axios";
import type { ServiceType } from "./auth/catalog.js";
import { invalid } from "./errors.js";

/** What an OpenStack connection offers for calls the portable API lacks (Heat, Swift, admin APIs). */
export interface OpenStackVendorClient {
  /** The connection's axios instance: its agents, request hook and timeout. */
  http: AxiosInstance;
  /** A valid Keystone token of the connection's project (X-Auth-Token), renewed as needed. */
  token(): Promise<string>;
  /** The versioned root URL of a catalog service in the connection's region. */
  endpoint(service: ServiceType): Promise<string>;
}

/**
 * The vendor client of an OpenStack connection (`await barista.connection(name)`). Calls made
 * with it bypass the runtime: no retries, call history or locks.
 */
export async function openStackVendorClient(connection: {
  provider: string;
  vendorClient(): Promise<unknown>;
}): Promise<OpenStackVendorClient> {
  if (connection.provider !== "OPENSTACK")
    throw invalid("connection", "provider", `is a ${connection.provider} connection`);
  return (await connection.vendorClient()) as OpenStackVendorClient;
}

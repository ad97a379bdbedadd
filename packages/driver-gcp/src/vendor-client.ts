import type { GcpClients } from "./clients.js";

/** What `gcpVendorClients(connection)` hands out: the connection's Compute Engine clients, auth and project. */
export type GcpVendorClients = Pick<GcpClients, "compute" | "billingAuth" | "projectId">;

/**
 * The `@google-cloud/compute` clients of a driver-gcp connection, for calls the portable API lacks
 * (same endpoint, credential and transport; their calls are not in call history, and they keep
 * google-gax's own retries unless a call turns them off).
 */
export async function gcpVendorClients(connection: { vendorClient(): Promise<unknown> }): Promise<GcpVendorClients> {
  return (await connection.vendorClient()) as GcpVendorClients;
}

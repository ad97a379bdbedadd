import type { AzureClients } from "./clients.js";

/** What `azureVendorClients(connection)` hands out: the connection's Azure SDK clients and credential. */
export type AzureVendorClients = Pick<
  AzureClients,
  "credential" | "network" | "compute" | "resources" | "subscriptions"
>;

/**
 * The Azure SDK clients of a driver-azure connection, for calls the portable API lacks (they reach
 * the same endpoints with the same credential and transport; their calls are not in call history).
 */
export async function azureVendorClients(connection: {
  vendorClient(): Promise<unknown>;
}): Promise<AzureVendorClients> {
  return (await connection.vendorClient()) as AzureVendorClients;
}

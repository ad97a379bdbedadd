import type { AlibabaClients } from "./clients.js";

/** What `alibabaVendorClients(connection)` hands out: the connection's pop-core RPC clients and its Container Service client. */
export type AlibabaVendorClients = Pick<AlibabaClients, "ecs" | "vpc" | "slb" | "cs">;

/**
 * The pop-core clients of a driver-alibaba connection, for calls the portable API lacks (they
 * reach the same endpoints with the same AccessKey; their calls are not in call history).
 */
export async function alibabaVendorClients(connection: {
  vendorClient(): Promise<unknown>;
}): Promise<AlibabaVendorClients> {
  return (await connection.vendorClient()) as AlibabaVendorClients;
}

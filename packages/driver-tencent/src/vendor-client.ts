import type { ServiceClients } from "./clients.js";

/** What `tencentVendorClients(connection)` hands out: the connection's tencentcloud-sdk-nodejs clients. */
export type TencentVendorClients = ServiceClients;

/**
 * The tencentcloud-sdk-nodejs clients of a driver-tencent connection (CVM, VPC, CBS, CLB, region,
 * tag), for calls the portable API lacks: they reach the same hosts, by the same route, with the
 * same key (their calls are not in call history).
 */
export async function tencentVendorClients(connection: {
  vendorClient(): Promise<unknown>;
}): Promise<TencentVendorClients> {
  return (await connection.vendorClient()) as TencentVendorClients;
}

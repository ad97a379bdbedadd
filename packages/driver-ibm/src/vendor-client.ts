import type { AxiosInstance } from "axios";
import type { IbmService } from "./apis.js";
import { invalid } from "./errors.js";

/** What an IBM connection offers for calls the portable API lacks (and a raw-HTTP benchmark needs). */
export interface IbmVendorClient {
  /** The connection's axios instance: its agents, request hook and timeout. */
  http: AxiosInstance;
  /** A valid IAM access token (Bearer), renewed as needed. */
  token(): Promise<string>;
  /** The root of each service for the connection's region (VPC calls go to `${vpc}/v1/...`). */
  roots: Readonly<Record<IbmService, string>>;
  /** The `version` and `generation` query every VPC call carries. */
  vpcQuery: Readonly<{ version: string; generation: string }>;
}

/**
 * The vendor client of an IBM connection (`await barista.connection(name)`). Calls made with it
 * bypass the runtime: no retries, call history or locks.
 */
export async function ibmVendorClient(connection: {
  provider: string;
  vendorClient(): Promise<unknown>;
}): Promise<IbmVendorClient> {
  if (connection.provider !== "IBM") throw invalid("connection", "provider", `is a ${connection.provider} connection`);
  return (await connection.vendorClient()) as IbmVendorClient;
}

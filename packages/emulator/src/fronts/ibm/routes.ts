import type { FrontResponse } from "../http-front.js";
import type { VpcCall } from "./context.js";

/** One VPC API operation: method, path under /v1 (capturing ids), IBM's operation id. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: RegExp;
  /** IBM's operation id ("list_vpcs"), the API name rate limits and faults see. */
  api: string;
  handle(call: VpcCall): Promise<FrontResponse>;
}

const id = "([^/]+)";

/** A path pattern from "/vpcs/{}/address_prefixes"-style text, each {} one id. */
export function path(text: string): RegExp {
  return new RegExp(`^${text.replace(/\{\}/g, id)}$`);
}

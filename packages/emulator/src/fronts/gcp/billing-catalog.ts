import type { FrontResponse } from "../http-front.js";
import type { GcpContext } from "./context.js";
import { GcpError } from "./errors.js";

/** The Cloud Billing Catalog: GET /v1/services/{service}/skus (filled in by the billing commit). */
export function serveBilling(ctx: GcpContext, segments: readonly string[]): Promise<FrontResponse> {
  return Promise.reject(
    new GcpError(404, "notFound", `The requested URL ${ctx.request.url.pathname} was not found on this server.`, {
      withStatus: segments.length >= 0,
    }),
  );
}

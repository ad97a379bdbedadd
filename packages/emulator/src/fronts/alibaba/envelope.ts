import { randomUUID } from "node:crypto";
import type { FrontResponse } from "../http-front.js";
import type { AlibabaError } from "./errors.js";
import type { Product } from "./products.js";

/** A request id as Alibaba writes them: an upper-case UUID. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

const json = { "content-type": "application/json;charset=utf-8" };

/** A success answer: the action's fields beside `RequestId`. */
export function okResponse(requestId: string, body: Record<string, unknown>): FrontResponse {
  return {
    status: 200,
    headers: { ...json, "x-acs-request-id": requestId },
    body: JSON.stringify({ RequestId: requestId, ...body }),
  };
}

/** The error envelope: RequestId, HostId, Code, Message and a troubleshooting link, with the error's status. */
export function errorResponse(requestId: string, product: Product | undefined, error: AlibabaError): FrontResponse {
  const host = product?.host ?? "ecs.aliyuncs.com";
  const name = product?.name ?? "Ecs";
  const body = {
    RequestId: requestId,
    HostId: host,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}&product=${name}&requestId=${requestId}`,
  };
  return { status: error.status, headers: { ...json, "x-acs-request-id": requestId }, body: JSON.stringify(body) };
}

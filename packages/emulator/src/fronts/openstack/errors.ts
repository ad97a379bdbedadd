import { isWorldError } from "../../world/errors.js";
import type { WorldError, WorldErrorCode } from "../../world/errors.js";
import type { FrontResponse } from "../http-front.js";
import { FrontError, json } from "./http.js";
import { neutronFault } from "./neutron/errors.js";

export type ServiceName = "keystone" | "nova" | "glance" | "neutron" | "cinder" | "octavia" | "magnum";

/** The HTTP status of each world error code, per service where the services differ. */
const statusByCode: Readonly<Record<WorldErrorCode, number | Readonly<Record<ServiceName, number>>>> = {
  NotFound: 404,
  Duplicate: 409,
  InvalidParameter: 400,
  DependencyViolation: 409,
  // Cinder reports a volume in the wrong state as InvalidVolume, a 400.
  IncorrectState: { keystone: 409, nova: 409, glance: 409, neutron: 409, cinder: 400, octavia: 409, magnum: 409 },
  // Nova, Octavia and Magnum refuse over-quota requests with 403, Neutron with 409 OverQuota, Cinder
  // and Glance with 413.
  QuotaExceeded: { keystone: 403, nova: 403, glance: 413, neutron: 409, cinder: 413, octavia: 403, magnum: 403 },
  // Nova's scheduler finding no host; the others have no such case and answer 503.
  InsufficientCapacity: { keystone: 503, nova: 409, glance: 503, neutron: 503, cinder: 503, octavia: 503, magnum: 503 },
  // Rate limiting: Nova's (legacy) limiter answers 413 overLimit, proxies in front of the others 429.
  Throttled: { keystone: 429, nova: 413, glance: 429, neutron: 429, cinder: 429, octavia: 429, magnum: 429 },
  InternalError: 500,
  Unavailable: 503,
  // A gateway in front of the service gives up.
  Timeout: 504,
};

/** Neutron's types of what the world's rules do not raise: injected faults and rate limits. */
const neutronTypes: Partial<Record<WorldErrorCode, string>> = {
  NotFound: "HTTPNotFound",
  Duplicate: "Conflict",
  InvalidParameter: "BadRequest",
  DependencyViolation: "InUse",
  IncorrectState: "Conflict",
  QuotaExceeded: "OverQuota",
  Throttled: "HTTPTooManyRequests",
  Unavailable: "HTTPServiceUnavailable",
  Timeout: "HTTPGatewayTimeout",
};

/**
 * Nova's fault names by status (nova/api/openstack/wsgi.py Fault._fault_names); any other status,
 * 406 for an unsupported microversion included, is a "computeFault".
 */
const novaFaultNames: Readonly<Record<number, string>> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "itemNotFound",
  405: "badMethod",
  409: "conflictingRequest",
  413: "overLimit",
  415: "badMediaType",
  429: "overLimit",
  501: "notImplemented",
  503: "serviceUnavailable",
};

/** Cinder's (cinder/api/openstack/wsgi.py) are Nova's but for 429, a computeFault there too. */
const { 429: _tooMany, ...cinderFaultNames }: Readonly<Record<number, string>> = novaFaultNames;

const titles: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  413: "Request Entity Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Nova's names of the world's quotas, as TooManyInstances names them. */
const novaQuotaNames: Readonly<Record<string, string>> = { vms: "instances", vcpus: "cores" };

/** Nova's 403 for a request over quota (nova/exception.py TooManyInstances, KeypairLimitExceeded). */
function novaQuotaMessage(error: WorldError): string {
  if (error.resourceId === "keyPairs") return "Quota exceeded, too many key pairs.";
  const name = novaQuotaNames[error.resourceId ?? ""];
  const counts = /(\d+) used \+ (\d+) requested > limit (\d+)/.exec(error.message);
  if (!name || !counts) return `Quota exceeded for resources: ${error.message}`;
  const [, used, requested, limit] = counts;
  return `Quota exceeded for ${name}: Requested ${requested}, but already used ${used} of ${limit} ${name}`;
}

function worldMessage(service: ServiceName, error: WorldError): string {
  switch (error.code) {
    case "QuotaExceeded":
      if (service === "octavia") return `Quota has been met for resources: ${error.message}`;
      if (service === "nova" && !error.injected) return novaQuotaMessage(error);
      return `Quota exceeded for resources: ${error.message}`;
    case "InsufficientCapacity":
      return service === "nova" ? `No valid host was found. ${error.message}` : error.message;
    case "IncorrectState":
      return service === "cinder" ? `Invalid volume: ${error.message}` : error.message;
    default:
      return error.message;
  }
}

/** Renders any error in the envelope of the service that raised it. */
export function errorResponse(service: ServiceName, error: unknown, headers: Record<string, string>): FrontResponse {
  let status = 500;
  let message =
    service === "neutron"
      ? "Request Failed: internal server error while processing your request."
      : "The server has either erred or is incapable of performing the requested operation.";
  let neutronType = "HTTPInternalServerError";
  let retryAfterMs: number | undefined;
  if (isWorldError(error) && service === "neutron" && error.code !== "Throttled" && !error.injected) {
    const fault = neutronFault(error);
    status = fault.status;
    message = fault.message;
    neutronType = fault.type;
  } else if (isWorldError(error)) {
    const entry = statusByCode[error.code];
    status = typeof entry === "number" ? entry : entry[service];
    message = worldMessage(service, error);
    neutronType = neutronTypes[error.code] ?? neutronType;
    retryAfterMs = error.retryAfterMs;
  } else if (error instanceof FrontError) {
    status = error.status;
    message = error.message;
    neutronType = error.neutronType ?? neutronType;
  }
  const out = { ...headers, ...(error instanceof FrontError ? error.headers : {}) };
  if (retryAfterMs !== undefined) out["retry-after"] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return render(service, status, message, neutronType, out);
}

function render(
  service: ServiceName,
  status: number,
  message: string,
  neutronType: string,
  headers: Record<string, string>,
): FrontResponse {
  const title = titles[status] ?? "Error";
  switch (service) {
    case "keystone":
      return json(status, { error: { code: status, title, message } }, headers);
    case "neutron":
      return json(status, { NeutronError: { type: neutronType, message, detail: "" } }, headers);
    case "octavia":
      return json(
        status,
        { faultcode: status < 500 ? "Client" : "Server", faultstring: message, debuginfo: null },
        headers,
      );
    case "magnum":
      // ParsableErrorMiddleware: a list of errors, the message as both title and detail.
      return json(
        status,
        {
          errors: [
            {
              request_id: headers["x-openstack-request-id"] ?? "",
              code: status < 500 ? "client" : "server",
              status,
              title: message,
              detail: message,
              links: [],
            },
          ],
        },
        headers,
      );
    case "glance":
      return {
        status,
        headers: { ...headers, "content-type": "text/plain; charset=UTF-8" },
        body: `${status} ${title}\n\n${message}\n\n   `,
      };
    case "nova":
    case "cinder": {
      const name = (service === "nova" ? novaFaultNames : cinderFaultNames)[status] ?? "computeFault";
      const fault: Record<string, unknown> = { code: status, message };
      if (name === "overLimit" && headers["retry-after"] !== undefined) fault["retryAfter"] = headers["retry-after"];
      return json(status, { [name]: fault }, headers);
    }
  }
}

/** The 401 keystonemiddleware answers for a missing, bad or expired token. */
export function unauthorized(
  service: ServiceName,
  headers: Record<string, string>,
  identityUrl: string,
): FrontResponse {
  return render(service, 401, "The request you have made requires authentication.", "HTTPUnauthorized", {
    ...headers,
    "www-authenticate": `Keystone uri="${identityUrl}"`,
  });
}

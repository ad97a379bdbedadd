import { invalidArgument } from "../errors.js";

/**
 * A cloud's token bucket, as its documentation states it: the calls of `apis` share one bucket per
 * account and region, which holds `capacity` tokens and gains `refillPerSecond` a second. Drivers
 * declare their cloud's documented defaults; an account whose limits were raised (or an emulated
 * world with other limits) overrides them with the `pacing.limits` option (see docs/pacing.md).
 */
export interface DeclaredRateLimit {
  /** The bucket's name; declarations with the same name are one bucket. */
  readonly bucket: string;
  /** Native API names as the driver's API table names them. */
  readonly apis: readonly string[];
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** The declared buckets each API takes a token from, by API name. */
export type RateLimitsByApi = ReadonlyMap<string, readonly DeclaredRateLimit[]>;

/** Checks declared limits (InvalidArgument names the field) and indexes them by API. */
export function indexRateLimits(limits: readonly DeclaredRateLimit[], field: string): RateLimitsByApi {
  const byApi = new Map<string, DeclaredRateLimit[]>();
  limits.forEach((limit, i) => {
    const at = `${field}[${i}]`;
    if (typeof limit.bucket !== "string" || limit.bucket === "")
      throw invalidArgument(`${at}.bucket`, "required", "must be a non-empty string");
    const apis: unknown = limit.apis;
    if (!Array.isArray(apis) || !apis.every((api): api is string => typeof api === "string"))
      throw invalidArgument(`${at}.apis`, "array", "must be an array of API names");
    if (!Number.isFinite(limit.capacity) || limit.capacity < 1)
      throw invalidArgument(`${at}.capacity`, "range", "must be a number >= 1");
    if (!Number.isFinite(limit.refillPerSecond) || limit.refillPerSecond <= 0)
      throw invalidArgument(`${at}.refillPerSecond`, "range", "must be a number > 0");
    for (const api of apis) {
      const list = byApi.get(api) ?? [];
      list.push(limit);
      byApi.set(api, list);
    }
  });
  return byApi;
}

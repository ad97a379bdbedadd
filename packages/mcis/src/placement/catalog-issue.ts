import type { ErrorCode } from "@cloud-barista/core";

/** Which part of a connection's catalog an issue is about. */
export type CatalogPart = "connection" | "regionZones" | "specs" | "prices" | "images" | "quotas" | "zone";

/**
 * Something the catalog builder tolerated: a connection that failed to list, a spec without a
 * price, an unavailable zone. The catalog is still usable; these say what is missing from it.
 */
export interface CatalogIssue {
  readonly connection: string;
  readonly part: CatalogPart;
  /** The error's code when a listing failed; otherwise the nearest code ("NotFound" for a missing price). */
  readonly code: ErrorCode;
  readonly message: string;
  /** True when the connection contributes no offers at all. */
  readonly fatal: boolean;
}

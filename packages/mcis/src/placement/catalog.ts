import { invalidArgument, isBaristaError } from "@cloud-barista/core";
import type { CloudBarista, ErrorCode } from "@cloud-barista/core";
import pLimit from "p-limit";
import type { CatalogIssue, CatalogPart } from "./catalog-issue.js";
import { baristaCatalogSource } from "./catalog-source.js";
import type { BaristaSourceOptions, CatalogConnection, CatalogSource } from "./catalog-source.js";
import type { QuotaEntry } from "../quota/entry.js";
import { connectionsOf } from "../quota/entry.js";
import { reportedQuotaEntries } from "../quota/reported.js";
import type { ConnectionQuotas } from "../quota/reported.js";
import type { Offer } from "./offer.js";
import { offersFromListing } from "./offer-builder.js";
import type { PerformanceSource } from "./performance.js";
import { mcisLimits } from "../model/limits.js";
import { isList, requireMaxItems, requirePositiveInteger } from "../util/validate.js";

/** Options of building the offer catalog. */
export interface CatalogOptions {
  /** Connections to read; default: every connection the source has. */
  connections?: readonly string[];
  /** Connections read at the same time (each reads its four lists in parallel). Default 4. */
  concurrency?: number;
  /** Per-spec performance scores to attach to offers. */
  performance?: PerformanceSource;
}

/** Every offer of every connection that listed, and what was missing. */
export interface Catalog {
  /** Each carries the reported quotas that apply to it (`offer.quotas`). Frozen: a snapshot. */
  readonly offers: readonly Offer[];
  /** What is left of the quotas the drivers reported, one entry per pool of connections sharing them. */
  readonly quotas: readonly QuotaEntry[];
  readonly issues: readonly CatalogIssue[];
  /** Connections that contributed offers. */
  readonly connections: readonly string[];
}

/**
 * Builds the cross-cloud offer catalog: regions, specs, prices, images and reported quotas of
 * every connection, read in parallel with bounded concurrency. Nothing a single connection does is
 * fatal: a connection that cannot list its specs contributes no offers and an issue; missing
 * prices, images, coordinates or quotas make the corresponding figures unknown.
 */
export async function buildCatalog(source: CatalogSource, options: CatalogOptions = {}): Promise<Catalog> {
  const concurrency = requirePositiveInteger("concurrency", options.concurrency ?? 4, mcisLimits.concurrency);
  if (options.connections !== undefined) {
    if (!isList(options.connections))
      throw invalidArgument("connections", "array", "must be a list of connection names");
    requireMaxItems("connections", options.connections, mcisLimits.listItems);
  }
  const names = options.connections ? [...options.connections] : await source.connectionNames();
  const limit = pLimit(concurrency);
  const parts = await Promise.all(names.map((name) => limit(() => readConnection(source, name, options.performance))));
  const quotas = reportedQuotaEntries(parts.flatMap((p) => p.quotas ?? []));
  return {
    // Frozen: a snapshot, and rankOffers reuses its index without checking it for changes.
    offers: Object.freeze(parts.flatMap((p) => p.offers).map((offer) => withQuotas(offer, quotas))),
    quotas,
    issues: parts.flatMap((p) => p.issues),
    connections: parts.filter((p) => p.offers.length > 0).map((p) => p.name),
  };
}

async function readConnection(
  source: CatalogSource,
  name: string,
  performance: PerformanceSource | undefined,
): Promise<{ name: string; offers: Offer[]; issues: CatalogIssue[]; quotas?: ConnectionQuotas }> {
  let conn: CatalogConnection;
  try {
    conn = await source.open(name);
  } catch (error) {
    return { name, offers: [], issues: [failure(name, "connection", error, true)] };
  }
  const [regionZones, specs, prices, images, quotas] = await Promise.allSettled([
    conn.regionZones(),
    conn.specs(),
    conn.prices(),
    conn.images(),
    conn.quotas ? conn.quotas() : Promise.resolve(undefined),
  ]);
  const issues: CatalogIssue[] = [];
  const value = <T>(part: CatalogPart, result: PromiseSettledResult<T>, fatal = false): T | undefined => {
    if (result.status === "fulfilled") return result.value;
    issues.push(failure(name, part, result.reason, fatal));
    return undefined;
  };
  const specList = value("specs", specs, true);
  const listing = {
    name,
    provider: conn.provider,
    region: conn.region,
    zone: conn.zone,
    regionZones: value("regionZones", regionZones),
    prices: value("prices", prices),
    images: value("images", images),
  };
  const quotaList = value("quotas", quotas);
  // Without an account, the connection shares its quotas with no other.
  const account = conn.account ?? `connection:${name}`;
  const report = quotaList && {
    connection: name,
    provider: conn.provider,
    region: conn.region,
    account,
    quotas: quotaList,
  };
  if (!specList) return { name, offers: [], issues };
  const built = offersFromListing({ ...listing, specs: specList }, performance);
  return { name, offers: built.offers, issues: [...issues, ...built.issues], ...(report ? { quotas: report } : {}) };
}

/** The offer with the reported entries that cover its connection. */
function withQuotas(offer: Offer, entries: readonly QuotaEntry[]): Offer {
  const mine = entries.filter((e) => connectionsOf(e)?.includes(offer.connection) ?? true);
  return mine.length === 0 ? offer : { ...offer, quotas: mine };
}

function failure(connection: string, part: CatalogPart, error: unknown, fatal: boolean): CatalogIssue {
  const code: ErrorCode = isBaristaError(error) ? error.code : "ProviderError";
  const message = error instanceof Error ? error.message : String(error);
  return { connection, part, code, message: `listing ${part} failed: ${message}`, fatal };
}

/** `buildCatalog` over every connection registered in an SDK instance, through its metadata cache. */
export function loadCatalog(
  barista: CloudBarista,
  options: CatalogOptions & BaristaSourceOptions = {},
): Promise<Catalog> {
  const { refresh, abortSignal, quotas, ...rest } = options;
  return buildCatalog(
    baristaCatalogSource(barista, {
      ...(refresh === undefined ? {} : { refresh }),
      ...(quotas === undefined ? {} : { quotas }),
      ...(abortSignal ? { abortSignal } : {}),
    }),
    rest,
  );
}

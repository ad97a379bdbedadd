import { collect } from "@cloud-barista/core";
import type {
  CloudBarista,
  ImageInfo,
  PriceInfo,
  ProviderName,
  QuotaInfo,
  RegionZoneInfo,
  VmSpecInfo,
} from "@cloud-barista/core";
import { accountOf } from "../quota/reported.js";

/** One connection's catalog, as the catalog builder reads it. */
export interface CatalogConnection {
  readonly name: string;
  readonly provider: ProviderName;
  readonly region: string;
  readonly zone: string | undefined;
  /** The connection's regions and zones. */
  regionZones(): Promise<RegionZoneInfo[]>;
  /** The connection's VM specs. */
  specs(): Promise<VmSpecInfo[]>;
  /** The connection's prices. */
  prices(): Promise<PriceInfo[]>;
  /** The connection's public images. */
  images(): Promise<ImageInfo[]>;
  /** The connection's quotas and their use, when its driver reports them. */
  quotas?(): Promise<QuotaInfo[]>;
  /**
   * Connections with equal `account` share the account's quotas (region-scoped ones within a
   * region); default: the connection alone.
   */
  readonly account?: string;
}

/** Where catalogs come from: the SDK runtime, or anything else with the same shape (tests). */
export interface CatalogSource {
  /** Names of every connection to consider. */
  connectionNames(): Promise<string[]>;
  /** Opens a connection of the catalog by name. */
  open(name: string): Promise<CatalogConnection>;
}

/** Options of reading the catalog through an SDK instance's connections. */
export interface BaristaSourceOptions {
  /** Skip the metadata cache and list again (the fresh lists are cached). */
  refresh?: boolean;
  /** Read the quotas of connections whose driver reports them (default true; never cached). */
  quotas?: boolean;
  abortSignal?: AbortSignal;
}

/**
 * The registered connections of an SDK instance, read through its metadata cache (so repeated
 * catalog builds cost no catalog calls while the cache is fresh), with their drivers' quotas
 * read afresh.
 */
export function baristaCatalogSource(barista: CloudBarista, options: BaristaSourceOptions = {}): CatalogSource {
  const read = {
    ...(options.refresh ? { refresh: true } : {}),
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
  };
  const abort = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  return {
    connectionNames: async () => (await barista.connections.list()).map((c) => c.name),
    open: async (name) => {
      const conn = await barista.connection(name);
      const withQuotas = options.quotas !== false && conn.capabilities.handlers.quota;
      return {
        name: conn.name,
        // A connection of a provider placement does not know lists nothing (a catalog issue).
        provider: conn.provider,
        region: conn.region,
        zone: conn.zone,
        regionZones: () => collect(conn.metadata.regionZones(read)),
        specs: () => collect(conn.metadata.specs(read)),
        prices: () => collect(conn.metadata.prices(read)),
        images: () => collect(conn.metadata.images(read)),
        ...(withQuotas
          ? {
              quotas: () => collect(conn.metadata.quotas(abort)),
              account: accountOf(await barista.connections.get(name)),
            }
          : {}),
      };
    },
  };
}

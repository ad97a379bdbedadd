import { collect, isBaristaError } from "@cloud-barista/core";
import type { CloudBarista, Connection, ConnectionConfig, ProviderName, QuotaInfo } from "@cloud-barista/core";
import type { QuotaEntry, QuotaFigure } from "./entry.js";

/** One connection's quotas as its driver reported them, and the account they belong to. */
export interface ConnectionQuotas {
  readonly connection: string;
  readonly provider: ProviderName;
  readonly region: string;
  /** Connections of one account share its quotas (see `accountOf`). */
  readonly account: string;
  readonly quotas: readonly QuotaInfo[];
}

/**
 * The account a connection config reaches: one driver, credential and endpoint. (Two credentials
 * of one cloud account count as two accounts: the SDK cannot tell they are the same.)
 */
export function accountOf(config: ConnectionConfig): string {
  return JSON.stringify([config.driver, config.credential, config.endpoint ?? null]);
}

const figureOf: Readonly<Record<string, QuotaFigure>> = { vcpus: "remainingVcpus", vms: "remainingVms" };

/**
 * Entries for what the drivers reported, one per pool: the connections of one account in one
 * region share its region-scoped quotas (seoul and seoul-b, zones of one region), and all its
 * connections share its account-scoped ones. When connections of a pool report different figures
 * (a VM started between two reads), the smaller counts.
 */
export function reportedQuotaEntries(reports: readonly ConnectionQuotas[]): QuotaEntry[] {
  const pools = new Map<
    string,
    {
      provider: ProviderName;
      region: string | undefined;
      connections: string[];
      figures: Partial<Record<QuotaFigure, number>>;
    }
  >();
  for (const report of reports) {
    for (const quota of report.quotas) {
      const figure = figureOf[quota.name];
      const remaining = remainingOf(quota);
      if (figure === undefined || remaining === undefined) continue;
      const region = quota.scope === "region" ? report.region : undefined;
      const key = JSON.stringify([report.account, region ?? null]);
      let pool = pools.get(key);
      if (!pool) pools.set(key, (pool = { provider: report.provider, region, connections: [], figures: {} }));
      if (!pool.connections.includes(report.connection)) pool.connections.push(report.connection);
      pool.figures[figure] = Math.min(pool.figures[figure] ?? Infinity, remaining);
    }
  }
  return [...pools.values()].map((pool) => ({
    provider: pool.provider,
    ...(pool.region === undefined ? {} : { region: pool.region }),
    connection: pool.connections,
    ...pool.figures,
    source: "reported",
  }));
}

/** What is left of a reported quota: as the cloud says, else limit − used; undefined when unknown or unlimited. */
function remainingOf(quota: QuotaInfo): number | undefined {
  if (quota.unlimited) return undefined;
  if (quota.available !== undefined) return quota.available;
  return quota.limit === undefined || quota.used === undefined ? undefined : Math.max(0, quota.limit - quota.used);
}

/** Options of reading the quotas connections report. */
export interface ReadQuotasOptions {
  abortSignal?: AbortSignal | undefined;
  /** Told of each connection whose quotas could not be read (they stay unknown). */
  onFailure?: (connection: string, error: unknown) => void;
}

/**
 * Reads afresh the quotas of every connection whose driver has a quota handler. A failed read
 * leaves that connection's quotas unknown (the cloud still enforces them); an abort is thrown.
 */
export async function readReportedQuotas(
  barista: CloudBarista,
  conns: readonly Connection[],
  options: ReadQuotasOptions = {},
): Promise<ConnectionQuotas[]> {
  const read = options.abortSignal ? { abortSignal: options.abortSignal } : {};
  const reports = await Promise.all(
    conns
      .filter((conn) => conn.capabilities.handlers.quota)
      .map(async (conn): Promise<ConnectionQuotas | undefined> => {
        try {
          const [config, quotas] = await Promise.all([
            barista.connections.get(conn.name),
            collect(conn.metadata.quotas(read)),
          ]);
          return {
            connection: conn.name,
            provider: conn.provider,
            region: conn.region,
            account: accountOf(config),
            quotas,
          };
        } catch (error) {
          if (isBaristaError(error, "Aborted")) throw error;
          options.onFailure?.(conn.name, error);
          return undefined;
        }
      }),
  );
  return reports.filter((r) => r !== undefined);
}

import { invalidArgument } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import { mcisLimits } from "../model/limits.js";
import {
  isList,
  requireKnownKeys,
  requireMaxItems,
  requireMaxLength,
  requireNonNegative,
  requireObject,
  requireProvider,
  requireStringList,
} from "../util/validate.js";

/**
 * What is left of a quota: the one quota input of placement and the MCIS engine. An entry applies
 * to every place whose connection, provider and region match the fields it gives; VMs go only
 * where they fit every entry that applies. Entries come from the application, or from what the
 * drivers' quota handlers report (`reportedQuotaEntries`); the application's take precedence.
 */
export interface QuotaEntry {
  /** One connection, or the connections that share the quota (an account's connections in a region). */
  readonly connection?: string | readonly string[];
  readonly provider?: ProviderName;
  readonly region?: string;
  /** vCPUs that may still be started. */
  readonly remainingVcpus?: number;
  /** VMs that may still be started. */
  readonly remainingVms?: number;
  /** Where the figures come from, for explanations ("reported by seoul"); absent for the application's. */
  readonly source?: string;
}

/** Where VMs would go, as entries see it: an offer, or a connection of a create. */
export interface QuotaPlace {
  readonly connection: string;
  readonly provider: ProviderName;
  readonly region: string;
}

/** The figures an entry may give. */
export const quotaFigures = ["remainingVcpus", "remainingVms"] as const;
export type QuotaFigure = (typeof quotaFigures)[number];

const entryKeys = ["connection", "provider", "region", ...quotaFigures, "source"];

/** Checks entries given as input (often JSON); a failure is an InvalidArgument naming the field ("quotas[1].remainingVms"). */
export function checkQuotaEntries(entries: unknown, field: string): readonly QuotaEntry[] {
  if (!isList(entries)) throw invalidArgument(field, "array", "must be a list of quota entries");
  const list = entries as readonly unknown[];
  requireMaxItems(field, list, mcisLimits.listItems);
  for (const [i, item] of list.entries()) {
    const at = `${field}[${i}]`;
    const entry = requireObject(at, item);
    requireKnownKeys(at, entry, entryKeys);
    if (entry["remainingVcpus"] === undefined && entry["remainingVms"] === undefined) {
      throw invalidArgument(at, "required", "give remainingVcpus or remainingVms");
    }
    for (const figure of quotaFigures) {
      if (entry[figure] === undefined) continue;
      // VMs and vCPUs come whole: a fraction is a mistake, not a quota.
      if (!Number.isInteger(requireNonNegative(`${at}.${figure}`, entry[figure])))
        throw invalidArgument(`${at}.${figure}`, "integer", "must be a whole number");
    }
    if (entry["connection"] !== undefined)
      requireStringList(`${at}.connection`, entry["connection"], {
        items: mcisLimits.listItems,
        length: mcisLimits.textLength,
      });
    if (entry["provider"] !== undefined) requireProvider(`${at}.provider`, entry["provider"]);
    for (const key of ["region", "source"]) {
      if (entry[key] !== undefined && typeof entry[key] !== "string")
        throw invalidArgument(`${at}.${key}`, "string", "must be a string");
      requireMaxLength(`${at}.${key}`, entry[key], mcisLimits.textLength);
    }
  }
  return list as readonly QuotaEntry[];
}

/** The connections an entry names, or undefined when it names none (it then covers any). */
export function connectionsOf(entry: QuotaEntry): readonly string[] | undefined {
  const c = entry.connection;
  return c === undefined ? undefined : typeof c === "string" ? [c] : c;
}

export function appliesTo(entry: QuotaEntry, place: QuotaPlace): boolean {
  return (
    (connectionsOf(entry)?.includes(place.connection) ?? true) &&
    (entry.provider === undefined || entry.provider === place.provider) &&
    (entry.region === undefined || entry.region === place.region)
  );
}

/** "MOCK mock-seoul via seoul, seoul-b (reported by seoul)", or "all". */
export function describeScope(entry: QuotaEntry): string {
  const connections = connectionsOf(entry);
  const where =
    [entry.provider, entry.region, connections && `via ${connections.join(", ")}`].filter(Boolean).join(" ") || "all";
  return entry.source === undefined ? where : `${where} (${entry.source})`;
}

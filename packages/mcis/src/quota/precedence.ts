import { appliesTo, connectionsOf, quotaFigures } from "./entry.js";
import type { QuotaEntry, QuotaFigure, QuotaPlace } from "./entry.js";

/**
 * The application's entries, then the reported ones less what the application overrides: a
 * reported figure stops applying to a connection for which an application entry gives that
 * figure (so an application may loosen a reported quota, not only tighten it). `places` gives
 * each reported connection's provider and region; a reported entry naming no connection is kept
 * whole (precedence goes by connection).
 */
export function withPrecedence(
  own: readonly QuotaEntry[],
  reported: readonly QuotaEntry[],
  places: ReadonlyMap<string, QuotaPlace>,
): QuotaEntry[] {
  const overridden = (connection: string, figure: QuotaFigure): boolean => {
    const place = places.get(connection);
    return place !== undefined && own.some((e) => e[figure] !== undefined && appliesTo(e, place));
  };
  const kept: QuotaEntry[] = [];
  for (const entry of reported) {
    const connections = connectionsOf(entry);
    if (connections === undefined) {
      kept.push(entry);
      continue;
    }
    const { remainingVcpus: _vcpus, remainingVms: _vms, ...scope } = entry;
    // Figures still covering the same connections stay in one entry.
    const groups = new Map<string, { connection: string[]; figures: Partial<Record<QuotaFigure, number>> }>();
    for (const figure of quotaFigures) {
      const value = entry[figure];
      if (value === undefined) continue;
      const connection = connections.filter((c) => !overridden(c, figure));
      if (connection.length === 0) continue;
      const key = connection.join("\u0000");
      const group = groups.get(key) ?? { connection, figures: {} };
      group.figures[figure] = value;
      groups.set(key, group);
    }
    for (const { connection, figures } of groups.values()) kept.push({ ...scope, connection, ...figures });
  }
  return [...own, ...kept];
}

/** Entries as a set: equal scope and figures once (offers of one pool each carry its entry). */
export function distinctEntries(entries: readonly QuotaEntry[]): QuotaEntry[] {
  const seen = new Map<string, QuotaEntry>();
  for (const e of entries) {
    const key = JSON.stringify([
      [...(connectionsOf(e) ?? [])].sort(),
      e.provider,
      e.region,
      e.remainingVcpus,
      e.remainingVms,
    ]);
    if (!seen.has(key)) seen.set(key, e);
  }
  return [...seen.values()];
}

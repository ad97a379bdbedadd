import type { Random } from "../random.js";

/** Simulated network and service latency of each call, on the world's clock. Zero by default. */
export interface LatencySettings {
  baseMs: number;
  /** A uniform extra delay in [0, jitterMs). */
  jitterMs: number;
  /** Base latency per API name, replacing `baseMs` for that API. */
  perApi: Record<string, number>;
}

export const defaultLatency: Readonly<LatencySettings> = { baseMs: 0, jitterMs: 0, perApi: {} };

export function latencyOf(settings: LatencySettings, api: string, random: Random): number {
  const base = settings.perApi[api] ?? settings.baseMs;
  const jitter = settings.jitterMs > 0 ? random.next() * settings.jitterMs : 0;
  return Math.max(0, base + jitter);
}

import { invalidArgument } from "@cloud-barista/core";

/**
 * The physical round-trip model used where no measured RTT is known:
 * `rtt = 2 · distance · routeFactor / fibreKmPerMs + overheadMs`.
 */
export interface LatencyModel {
  /** Speed of light in fibre: c / 1.47 (refractive index of silica) ≈ 204 km/ms, rounded to 200. */
  readonly fibreKmPerMs: number;
  /** Cables do not follow great circles; measured paths run 1.3-2x longer. */
  readonly routeFactor: number;
  /** Fixed cost per round trip: last mile, routers, serialization. */
  readonly overheadMs: number;
}

/** The latency estimate from distance: fibre speed, route detour and fixed overhead. */
export const defaultLatencyModel: LatencyModel = { fibreKmPerMs: 200, routeFactor: 1.5, overheadMs: 5 };

/** Modelled round-trip time over a great-circle distance, in milliseconds. */
export function modelledRttMs(distanceKm: number, model: LatencyModel = defaultLatencyModel): number {
  return (2 * distanceKm * model.routeFactor) / model.fibreKmPerMs + model.overheadMs;
}

/** Fills a partial model from the defaults and checks it; errors name `field`. */
export function resolveLatencyModel(field: string, partial: Partial<LatencyModel> | undefined): LatencyModel {
  const model = { ...defaultLatencyModel, ...partial };
  if (!(model.fibreKmPerMs > 0) || !Number.isFinite(model.fibreKmPerMs)) {
    throw invalidArgument(`${field}.fibreKmPerMs`, "positive", "must be a positive number");
  }
  if (!(model.routeFactor >= 1) || !Number.isFinite(model.routeFactor)) {
    throw invalidArgument(
      `${field}.routeFactor`,
      "range",
      "must be a number >= 1 (no path is shorter than the great circle)",
    );
  }
  if (!(model.overheadMs >= 0) || !Number.isFinite(model.overheadMs)) {
    throw invalidArgument(`${field}.overheadMs`, "non-negative", "must be a number >= 0");
  }
  return model;
}

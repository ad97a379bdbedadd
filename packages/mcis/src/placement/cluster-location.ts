import { invalidArgument } from "@cloud-barista/core";
import type { Architecture, ProviderName } from "@cloud-barista/core";
import { haversineKm } from "./geo.js";
import type { GeoPoint } from "./geo.js";
import type { Offer } from "./offer.js";

// Where to put a provider-managed Kubernetes cluster: per connection, the cheapest node spec that
// fits, times the node count, plus the provider's control-plane fee; optionally near a point.

/**
 * Hourly control-plane fees in USD by provider: the providers' published list prices for a
 * standard managed control plane (EKS and GKE $0.10; AKS's free tier, IKS and Magnum nothing; ACK
 * Pro about $0.09; TKE's smallest managed tier about $0.02). Not read from any cloud: override
 * them with `controlPlanePerHour` where a contract or tier differs.
 */
export const defaultControlPlanePerHour: Readonly<Record<ProviderName, number>> = {
  AWS: 0.1,
  AZURE: 0,
  GCP: 0.1,
  ALIBABA: 0.09,
  TENCENT: 0.02,
  IBM: 0,
  OPENSTACK: 0,
  MOCK: 0.05,
};

/** Where a cluster could go: its node spec and count, the clouds to consider, optionally a point to be near. */
export interface ClusterLocationRequest {
  /** Nodes the cluster needs (its node groups' desired sizes together). */
  nodes: number;
  minVcpus?: number;
  minMemoryGiB?: number;
  /** Default "x86_64". */
  architecture?: Architecture;
  /** Rank equal costs by distance from here, and report each distance. */
  near?: GeoPoint;
  /** Only locations at most this far from `near`. */
  maxDistanceKm?: number;
  /** Only these connections (those whose driver has the cluster handler, say). */
  connections?: readonly string[];
  controlPlanePerHour?: Partial<Record<ProviderName, number>>;
  /** How many locations to return; default 5. */
  limit?: number;
}

/** One ranked location for a cluster, with its control-plane fee, node cost and distance. */
export interface ClusterLocation {
  connection: string;
  provider: ProviderName;
  region: string;
  /** The node spec: the cheapest that fits in this connection. */
  specName: string;
  nodes: number;
  controlPlanePerHour: number;
  nodePerHour: number;
  /** Control plane + nodes × node price. */
  totalPerHour: number;
  currency: string;
  distanceKm?: number;
}

/**
 * Ranks connections for a cluster by hourly cost (control plane + nodes), cheapest first, ties by
 * distance from `near`. Offers without a price or location (when distance matters) are left out,
 * never guessed.
 */
export function recommendClusterLocations(
  offers: readonly Offer[],
  request: ClusterLocationRequest,
): ClusterLocation[] {
  if (!Number.isInteger(request.nodes) || request.nodes < 1)
    throw invalidArgument("nodes", "positive-integer", "must be an integer of at least 1");
  const architecture = request.architecture ?? "x86_64";
  const fees = { ...defaultControlPlanePerHour, ...request.controlPlanePerHour };
  const cheapest = new Map<string, Offer>();
  for (const offer of offers) {
    if (request.connections && !request.connections.includes(offer.connection)) continue;
    if (!offer.price || offer.architecture !== architecture || offer.gpuCount > 0) continue;
    if (offer.vcpus < (request.minVcpus ?? 1) || offer.memoryGiB < (request.minMemoryGiB ?? 0)) continue;
    if (request.near && request.maxDistanceKm !== undefined) {
      if (!offer.location || haversineKm(offer.location, request.near) > request.maxDistanceKm) continue;
    }
    const best = cheapest.get(offer.connection);
    if (!best?.price || offer.price.perHour < best.price.perHour) cheapest.set(offer.connection, offer);
  }
  const locations = [...cheapest.values()].map((offer): ClusterLocation => {
    const nodePerHour = offer.price?.perHour ?? 0;
    const controlPlanePerHour = fees[offer.provider];
    return {
      connection: offer.connection,
      provider: offer.provider,
      region: offer.region,
      specName: offer.specName,
      nodes: request.nodes,
      controlPlanePerHour,
      nodePerHour,
      totalPerHour: Math.round((controlPlanePerHour + request.nodes * nodePerHour) * 1e6) / 1e6,
      currency: offer.price?.currency ?? "USD",
      ...(request.near && offer.location ? { distanceKm: Math.round(haversineKm(offer.location, request.near)) } : {}),
    };
  });
  locations.sort(
    (a, b) =>
      a.totalPerHour - b.totalPerHour ||
      (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) ||
      a.connection.localeCompare(b.connection),
  );
  return locations.slice(0, request.limit ?? 5);
}

import { timingSafeEqual } from "node:crypto";
import { incorrectState, isWorldError } from "../world/errors.js";
import type { AccountRegion } from "../world/account-region.js";
import type { ClusterAccess } from "../world/types.js";
import { startKubeApiServer } from "./api-server.js";
import type { RunningKubeApiServer } from "./api-server.js";
import type { ClusterSnapshot } from "./objects.js";
import { issueCertificate } from "./pki.js";

/** One account in one region of one provider (the world's AccountRegionKey). */
interface AccountRegionKey {
  provider: string;
  account: string;
  region: string;
}

/** One cluster of one account and region. */
export interface ClusterAddress extends AccountRegionKey {
  clusterId: string;
}

/** The cluster a bearer token is presented to. */
export interface TokenAudience extends ClusterAddress {
  clusterName: string;
}

/**
 * Judges a bearer token that is not the cluster's static admin token (a cloud IAM token: EKS's
 * presigned STS URL, a GCP access token): the user it stands for, or undefined to refuse it.
 */
export type TokenVerifier = (
  token: string,
  audience: TokenAudience,
) => Promise<string | undefined> | string | undefined;

// States in which the control plane answers.
const serving = new Set(["active", "updating"]);
// VM states of a node that has registered with the cluster (booted at least once).
const registered = new Set(["running", "stopping", "stopped", "starting", "rebooting"]);

/**
 * The Kubernetes API servers of a world's clusters, started on first use (a front asks for a
 * cluster's endpoint when it describes an active cluster) and stopped once the cluster is gone or
 * `close` is called. Fronts register a verifier for their cloud's IAM tokens.
 */
export class KubeEndpoints {
  readonly #regionOf: (key: AccountRegionKey) => AccountRegion;
  readonly #now: () => number;
  readonly #verifiers = new Map<string, TokenVerifier>();
  readonly #servers = new Map<string, Promise<RunningKubeApiServer>>();

  constructor(world: { accountRegion(key: AccountRegionKey): AccountRegion; clock: { now(): number } }) {
    this.#regionOf = (key) => world.accountRegion(key);
    this.#now = () => world.clock.now();
  }

  /** Sets the verifier of a provider's IAM tokens (one per provider; the last one set wins). */
  registerVerifier(provider: string, verifier: TokenVerifier): void {
    this.#verifiers.set(provider, verifier);
  }

  /** The endpoint and CA of an active (or updating) cluster, starting its API server if needed. */
  async access(address: ClusterAddress): Promise<ClusterAccess> {
    const clusters = this.#regionOf(address).clusters;
    const cluster = clusters.get(address.clusterId);
    if (!serving.has(cluster.state))
      throw incorrectState("cluster", cluster.name, `is ${cluster.state}; its API is not served yet`);
    // A cluster made again under the same id (EKS ids are names) has a new CA: a new server.
    const key = `${keyOf(address)}\u0000${cluster.createdAt}`;
    let server = this.#servers.get(key);
    if (!server) {
      server = this.#start(address, key);
      this.#servers.set(key, server);
      server.catch(() => this.#servers.delete(key));
    }
    return { endpoint: (await server).url, caCertificate: cluster.caCertificate };
  }

  /** Stops every API server (the emulator's close). */
  async close(): Promise<void> {
    const servers = [...this.#servers.values()];
    this.#servers.clear();
    await Promise.all(servers.map(async (s) => (await s.catch(() => undefined))?.close()));
  }

  async #start(address: ClusterAddress, key: string): Promise<RunningKubeApiServer> {
    const clusters = this.#regionOf(address).clusters;
    const ca = clusters.certificateAuthority(address.clusterId);
    const tls = { ...issueCertificate(ca, "server", { commonName: "kube-apiserver" }), ca: ca.cert };
    const createdAt = clusters.get(address.clusterId).createdAt;
    const server = await startKubeApiServer({
      tls,
      snapshot: () => {
        const snapshot = this.#snapshot(address, createdAt);
        if (snapshot === "gone") {
          this.#servers.delete(key);
          void server.close();
          return undefined;
        }
        return snapshot;
      },
      authenticateToken: async (token) => {
        const region = this.#regionOf(address);
        const admin = Buffer.from(region.clusters.adminToken(address.clusterId));
        const given = Buffer.from(token);
        if (given.length === admin.length && timingSafeEqual(given, admin)) return "cluster-admin";
        const verifier = this.#verifiers.get(address.provider);
        const clusterName = region.clusters.get(address.clusterId).name;
        return verifier ? await verifier(token, { ...address, clusterName }) : undefined;
      },
    });
    return server;
  }

  #snapshot(address: ClusterAddress, createdAt: number): ClusterSnapshot | undefined | "gone" {
    const region = this.#regionOf(address);
    let cluster;
    try {
      cluster = region.clusters.get(address.clusterId);
    } catch (error) {
      if (isWorldError(error, "NotFound")) return "gone";
      throw error;
    }
    if (cluster.createdAt !== createdAt) return "gone";
    if (!serving.has(cluster.state)) return undefined;
    const nodes = cluster.nodeGroups.flatMap((group) =>
      group.nodes.flatMap((ref) => {
        const vm = region.vms.get(ref.id);
        return registered.has(vm.state) ? [{ group: group.name, vm }] : [];
      }),
    );
    return { provider: address.provider, region: address.region, cluster, nodes, now: this.#now() };
  }
}

function keyOf(address: ClusterAddress): string {
  return [address.provider, address.account, address.region, address.clusterId].join("\u0000");
}

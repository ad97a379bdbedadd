import { BaristaError, isBaristaError, isDefiniteFailure, lockKeys } from "@cloud-barista/core";
import type { Connection, SecurityRule } from "@cloud-barista/core";
import { sharedResourceName, tagKeys, tagsIfTaggable } from "../model/ids.js";
import { conflict } from "../model/transitions.js";
import type { NetworkRecord } from "../store/records.js";
import type { McisEnv } from "../env/env.js";
import { blockCidrs, freeBlock, maxBlocks } from "./cidr-plan.js";

/** Inbound SSH and ICMP from anywhere, everything outbound: reachable, not wide open. */
export const defaultRules: readonly SecurityRule[] = [
  { direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" },
  { direction: "inbound", protocol: "ICMP", cidr: "0.0.0.0/0" },
  { direction: "outbound", protocol: "ALL", cidr: "0.0.0.0/0" },
];

/** Which default pieces a sub-group uses: the network (VPC, subnet, security group), the key pair, or both. */
export interface DefaultPieces {
  network: boolean;
  keyPair: boolean;
}

/** A namespace's default network in one connection. */
export interface DefaultNetworkInfo {
  namespace: string;
  connection: string;
  vpcName: string;
  /** Absent for clouds whose VPCs have no CIDR. */
  vpcCidr?: string;
  subnetName: string;
  subnetCidr: string;
  securityGroupName: string;
  keyPairName: string;
}

/** What a dry run reports of a default network. */
export interface PlannedNetwork {
  connection: string;
  vpcName: string;
  vpcCidr?: string;
  subnetName: string;
  subnetCidr: string;
  securityGroupName: string;
  keyPairName: string;
  /** The pieces a create would make now ("vpc", "subnet", "securityGroup", "keyPair"). */
  toCreate: string[];
}

type Piece = "vpc" | "subnet" | "securityGroup" | "keyPair";

const notFound = (error: unknown): boolean => isBaristaError(error, "NotFound");

/**
 * A create that ended without a definite answer (a 5xx, a timeout) leaves core a pending record of
 * its name, and so does a retryable Conflict (core found such a record and cannot tell yet).
 */
const unsettled = (error: unknown): boolean => !isDefiniteFailure(error) || isBaristaError(error, "Conflict");

/**
 * The namespace's default network in one connection (Tumblebug's shared resources): a VPC with one
 * subnet, a security group and a key pair, all named `mcis-<ns>-shared`, made on first use, shared
 * by every MCIS of the namespace in that connection and kept when they go.
 */
export class DefaultNetworks {
  readonly #env: McisEnv;

  constructor(env: McisEnv) {
    this.#env = env;
  }

  /** Names and CIDRs the default network has (or would get), without claiming anything. */
  async names(namespace: string, connection: string): Promise<Omit<NetworkRecord, "v" | "createdAt">> {
    const existing = await this.#env.store.network(namespace, connection);
    if (existing) return existing;
    const block = freeBlock(
      (await this.#env.store.networks(namespace)).map((n) => n.block),
      namespace,
    );
    return this.#record(namespace, connection, block);
  }

  /** What a create would make (dry run): the names, CIDRs and missing pieces of those `wanted`. */
  async preview(namespace: string, conn: Connection, wanted: DefaultPieces): Promise<PlannedNetwork> {
    const record = await this.names(namespace, conn.name);
    const missing = await this.#missing(record, conn, wanted);
    return {
      connection: conn.name,
      vpcName: record.vpcName,
      ...(record.vpcCidr && conn.capabilities.quirks.vpcCidr ? { vpcCidr: record.vpcCidr } : {}),
      subnetName: record.subnetName,
      subnetCidr: record.subnetCidr,
      securityGroupName: record.securityGroupName,
      keyPairName: record.keyPairName,
      toCreate: missing,
    };
  }

  /** The default network, with the missing pieces of those `wanted` created (idempotent; safe to repeat after a crash). */
  async ensure(
    namespace: string,
    conn: Connection,
    wanted: DefaultPieces,
    abortSignal?: AbortSignal,
  ): Promise<NetworkRecord> {
    return this.#env.barista.lock.run(
      [{ key: lockKeys.defaultNetwork(namespace, conn.name), mode: "exclusive" }],
      async () => {
        const record = await this.#claim(namespace, conn.name);
        // Each try looks again at what is missing, so a piece a failed try made (or adopted) is kept.
        await this.#env.retrying(
          () => this.#make(namespace, conn, record, wanted, abortSignal),
          abortSignal,
          unsettled,
        );
        return record;
      },
      abortSignal ? { abortSignal } : {},
    );
  }

  /** Creates the wanted pieces the cloud lacks (one try). */
  async #make(
    namespace: string,
    conn: Connection,
    record: NetworkRecord,
    wanted: DefaultPieces,
    abortSignal: AbortSignal | undefined,
  ): Promise<void> {
    const options = abortSignal ? { abortSignal } : {};
    const tags = { [tagKeys.namespace]: namespace, [tagKeys.shared]: "true" };
    const missing = new Set(await this.#missing(record, conn, wanted, options));
    const vpc = async (): Promise<void> => {
      if (missing.has("vpc")) {
        await ignoreExists(
          conn.vpc.create(
            {
              name: record.vpcName,
              ...(conn.capabilities.quirks.vpcCidr && record.vpcCidr ? { ipv4Cidr: record.vpcCidr } : {}),
              subnets: [{ name: record.subnetName, ipv4Cidr: record.subnetCidr }],
              ...tagsIfTaggable(conn, "vpc", tags),
            },
            options,
          ),
        );
      } else if (missing.has("subnet")) {
        await ignoreExists(
          conn.vpc.addSubnet(
            record.vpcName,
            { name: record.subnetName, ipv4Cidr: record.subnetCidr, ...tagsIfTaggable(conn, "subnet", tags) },
            options,
          ),
        );
      }
      if (missing.has("securityGroup")) {
        await ignoreExists(
          conn.securityGroup.create(
            {
              name: record.securityGroupName,
              vpcName: record.vpcName,
              rules: [...defaultRules],
              ...tagsIfTaggable(conn, "securityGroup", tags),
            },
            options,
          ),
        );
      }
    };
    const keyPair = async (): Promise<void> => {
      if (!missing.has("keyPair")) return;
      const created = await ignoreExists(
        conn.keyPair.create({ name: record.keyPairName, ...tagsIfTaggable(conn, "keyPair", tags) }, options),
      );
      if (created?.privateKey && this.#env.onPrivateKey) {
        await this.#env.onPrivateKey({
          namespace,
          connection: conn.name,
          keyPairName: record.keyPairName,
          privateKey: created.privateKey,
        });
      }
    };
    // Both settle before a retry, so no create of this try is still in flight during the next.
    for (const result of await Promise.allSettled([vpc(), keyPair()]))
      if (result.status === "rejected") throw result.reason;
  }

  /**
   * Deletes the default network of a connection (security group, key pair, then VPC) and forgets
   * it. Refused while an MCIS of the namespace still uses it.
   */
  async release(namespace: string, connection: string, abortSignal?: AbortSignal): Promise<boolean> {
    return this.#env.barista.lock.run(
      [{ key: lockKeys.defaultNetwork(namespace, connection), mode: "exclusive" }],
      async () => {
        const record = await this.#env.store.network(namespace, connection);
        if (!record) return false;
        const users = (await this.#env.store.heads(namespace))
          .filter((h) => h.subGroups.some((g) => (g.defaultNetwork || g.defaultKeyPair) && g.connection === connection))
          .map((h) => h.name);
        if (users.length > 0) {
          throw conflict(
            `the default network of namespace "${namespace}" in "${connection}" is used by MCIS ${users.join(", ")}`,
          );
        }
        const conn = await this.#env.connection(connection);
        const options = abortSignal ? { abortSignal } : {};
        await ignoreGone(conn.securityGroup.delete(record.securityGroupName, { ...options, vpcName: record.vpcName }));
        await ignoreGone(conn.keyPair.delete(record.keyPairName, options));
        await ignoreGone(conn.vpc.delete(record.vpcName, options));
        await this.#env.store.removeNetwork(record);
        return true;
      },
      abortSignal ? { abortSignal } : {},
    );
  }

  /** The stored record, or a new one with the lowest free CIDR block, claimed atomically. */
  async #claim(namespace: string, connection: string): Promise<NetworkRecord> {
    for (let attempt = 0; attempt < maxBlocks; attempt++) {
      const existing = await this.#env.store.network(namespace, connection);
      if (existing) return existing;
      const block = freeBlock(
        (await this.#env.store.networks(namespace)).map((n) => n.block),
        namespace,
      );
      const record: NetworkRecord = {
        v: 1,
        ...this.#record(namespace, connection, block),
        createdAt: new Date(this.#env.clock.now()).toISOString(),
      };
      // Another process may take the block (or the connection) first: read again and retry.
      if (await this.#env.store.createNetwork(record)) return record;
    }
    throw new BaristaError("Conflict", `could not claim a CIDR block for namespace "${namespace}" in "${connection}"`);
  }

  #record(namespace: string, connection: string, block: number): Omit<NetworkRecord, "v" | "createdAt"> {
    const name = sharedResourceName(namespace);
    return {
      namespace,
      connection,
      vpcName: name,
      subnetName: name,
      securityGroupName: name,
      keyPairName: name,
      ...blockCidrs(block),
      block,
    };
  }

  /** The wanted pieces the cloud (as core tracks it) lacks. */
  async #missing(
    record: Pick<NetworkRecord, "vpcName" | "subnetName" | "securityGroupName" | "keyPairName">,
    conn: Connection,
    wanted: DefaultPieces,
    options: { abortSignal?: AbortSignal } = {},
  ): Promise<Piece[]> {
    // The network and the key pair are looked up side by side (each lookup is a cloud read).
    const network = async (): Promise<Piece[]> => {
      if (!wanted.network) return [];
      const vpc = await orAbsent(conn.vpc.get(record.vpcName, options));
      if (!vpc) return ["vpc", "subnet", "securityGroup"];
      const sg = await orAbsent(
        conn.securityGroup.get(record.securityGroupName, { ...options, vpcName: record.vpcName }),
      );
      return [
        ...(vpc.subnets.some((s) => s.iid.nameId === record.subnetName) ? [] : ["subnet" as const]),
        ...(sg ? [] : ["securityGroup" as const]),
      ];
    };
    const keyPair = async (): Promise<Piece[]> =>
      wanted.keyPair && !(await orAbsent(conn.keyPair.get(record.keyPairName, options))) ? ["keyPair"] : [];
    const [net, key] = await Promise.all([network(), keyPair()]);
    return [...net, ...key];
  }
}

/** The resource, or undefined when core does not track it (or the cloud lost it). */
async function orAbsent<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}

/** A create that lost a race to another creator of the same shared piece is fine. */
async function ignoreExists<T>(create: Promise<T>): Promise<T | undefined> {
  try {
    return await create;
  } catch (error) {
    if (isBaristaError(error, "AlreadyExists")) return undefined;
    throw error;
  }
}

async function ignoreGone(remove: Promise<void>): Promise<void> {
  try {
    await remove;
  } catch (error) {
    if (!notFound(error)) throw error;
  }
}

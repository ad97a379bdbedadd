import { newAckState } from "./ack.js";
import type { AckState } from "./ack.js";
import { createHash } from "node:crypto";
import type { HealthCheck, Tags } from "../../world/types.js";
import { NonceBook } from "./authenticate.js";

/** An answer kept for a ClientToken, and a digest of the request that made it. */
interface Remembered {
  digest: string;
  result: Record<string, unknown>;
  at: number;
}

/**
 * What the Alibaba front keeps beside the world: facts only Alibaba's API shows (when a VPC or
 * VSwitch becomes Available, an instance's StoppedMode, descriptions, SLB listeners), nonces, and
 * answers remembered for ClientTokens. Resources themselves live in the world only.
 */
export class FrontState {
  readonly nonces = new NonceBook();
  /** Container Service: what ACK keeps beside the world's clusters. */
  readonly ack: AckState = newAckState();
  /** World-clock time at which a VPC or VSwitch leaves Pending. */
  readonly availableAt = new Map<string, number>();
  readonly descriptions = new Map<string, string>();
  /** Resources made without a name: the world holds a placeholder, Alibaba shows "" (or the id). */
  readonly unnamed = new Set<string>();
  readonly stoppedModes = new Map<string, "StopCharging" | "KeepCharging">();
  /** Classic load balancers by SLB id (see slb.ts), with their listeners. */
  readonly slbs = new Map<string, SlbRecord>();
  /** Per data disk attached by AttachDisk: whether it goes with its instance (released with it by the front). */
  readonly deleteWithInstance = new Map<string, boolean>();
  /** Per instance: the InternetMaxBandwidthOut it was run with. */
  readonly bandwidthOut = new Map<string, number>();
  readonly #tokens = new Map<string, Remembered>();

  /** The name Alibaba shows for a resource: "" (or `fallback`) when it was made without one. */
  nameOf(resource: { id: string; name: string }, fallback = ""): string {
    return this.unnamed.has(resource.id) ? fallback : resource.name;
  }

  /** Pending until its time, then Available. */
  statusOf(id: string, now: number): "Pending" | "Available" {
    const at = this.availableAt.get(id);
    return at !== undefined && now < at ? "Pending" : "Available";
  }

  /** The answer an earlier request with this ClientToken got, when its parameters match; a mismatch is refused by the caller. */
  remembered(
    key: string,
    digest: string,
    now: number,
    retentionMs: number,
  ): { result?: Record<string, unknown>; mismatch: boolean } {
    const earlier = this.#tokens.get(key);
    if (!earlier || now - earlier.at > retentionMs) return { mismatch: false };
    if (earlier.digest !== digest) return { mismatch: true };
    return { result: earlier.result, mismatch: false };
  }

  remember(key: string, digest: string, result: Record<string, unknown>, now: number): void {
    this.#tokens.set(key, { digest, result, at: now });
  }
}

/**
 * A classic load balancer as SLB shows it. An internet-facing one made without a VPC (as SLB
 * allows) is the front's alone until its first backend server: then the world's balancer is made
 * in that server's VPC (`worldId`), and keeps the address the front gave it.
 */
export interface SlbRecord {
  id: string;
  account: string;
  region: string;
  name: string;
  internet: boolean;
  address: string;
  spec: string;
  zone: string;
  createdAt: number;
  tags: Tags;
  worldId?: string;
  /** The VPC and VSwitch it was made in, when it was made in one. */
  vpcId?: string;
  vswitchId?: string;
  /** Health check settings given before the world's balancer exists. */
  pendingHealth: Partial<HealthCheck>;
  listeners: Map<number, SlbListener>;
  weights: Map<string, string>;
}

export interface SlbListener {
  port: number;
  backendPort: number;
  protocol: "tcp" | "udp";
  status: "stopped" | "running" | "starting" | "configuring";
  bandwidth: number;
  /** The health check timings as given (the world's checks run within its own bounds). */
  intervalSeconds?: number;
  timeoutSeconds?: number;
}

/** A digest of a request's parameters, ignoring those that differ between retries of one request. */
export function requestDigest(values: ReadonlyMap<string, string>): string {
  const ignored = new Set(["Signature", "SignatureNonce", "Timestamp", "AccessKeyId", "SecurityToken"]);
  const text = [...values]
    .filter(([key]) => !ignored.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  return createHash("sha256").update(text).digest("hex");
}

import type { Extra, IID, Tags } from "./common.js";

/** Whether a network load balancer faces the internet or the VPC only. */
export type NlbType = "PUBLIC" | "INTERNAL";
/** Whether a load balancer serves one region or several. */
export type NlbScope = "REGION" | "GLOBAL";
/** The transport protocol a listener takes. */
export type NlbProtocol = "TCP" | "UDP";
/** How a health check probes the VMs. */
export type HealthCheckProtocol = "TCP" | "HTTP" | "HTTPS";

/** Where a load balancer listens. */
export interface NlbListener {
  protocol: NlbProtocol;
  port: number;
  /** Set by the cloud. */
  ip?: string;
  dnsName?: string;
}

/** How and how often a load balancer checks its VMs. */
export interface HealthChecker {
  protocol: HealthCheckProtocol;
  port: number;
  intervalSec: number;
  timeoutSec: number;
  /** Consecutive results that flip a target between healthy and unhealthy. */
  threshold: number;
}

/** What `connection.nlb.create` takes. */
export interface NlbRequest {
  name: string;
  vpcName: string;
  /** Default "PUBLIC". */
  type?: NlbType;
  /** Default "REGION". */
  scope?: NlbScope;
  listener: { protocol: NlbProtocol; port: number };
  vmGroup: { protocol: NlbProtocol; port: number; vmNames: string[] };
  /** Missing fields take the driver's defaults. */
  healthChecker?: Partial<HealthChecker>;
  tags?: Tags;
}

/** A network load balancer as the SDK reports it. */
export interface NlbInfo {
  iid: IID;
  vpcIID: IID;
  type: NlbType;
  scope: NlbScope;
  listener: NlbListener;
  vmGroup: { protocol: NlbProtocol; port: number; vms: IID[] };
  healthChecker: HealthChecker;
  createdAt?: Date;
  tags?: Tags;
  extra?: Extra;
}

/** Which VMs of a load balancer pass its health check. */
export interface NlbHealthInfo {
  all: IID[];
  healthy: IID[];
  unhealthy: IID[];
}

import type { Extra, IID, Tags } from "./common.js";

export type NlbType = "PUBLIC" | "INTERNAL";
export type NlbScope = "REGION" | "GLOBAL";
export type NlbProtocol = "TCP" | "UDP";
export type HealthCheckProtocol = "TCP" | "HTTP" | "HTTPS";

export interface NlbListener {
  protocol: NlbProtocol;
  port: number;
  /** Set by the cloud. */
  ip?: string;
  dnsName?: string;
}

export interface HealthChecker {
  protocol: HealthCheckProtocol;
  port: number;
  intervalSec: number;
  timeoutSec: number;
  /** Consecutive results that flip a target between healthy and unhealthy. */
  threshold: number;
}

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

export interface NlbHealthInfo {
  all: IID[];
  healthy: IID[];
  unhealthy: IID[];
}

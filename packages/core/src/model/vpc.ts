import type { Extra, IID, Tags } from "./common.js";

/** A subnet of a VPC to create. */
export interface SubnetRequest {
  name: string;
  ipv4Cidr: string;
  /** Defaults to the connection's zone. */
  zone?: string;
  tags?: Tags;
}

/** What `connection.vpc.create` takes. */
export interface VpcRequest {
  name: string;
  /** Required unless the driver's capabilities say VPCs have no CIDR (GCP, IBM). */
  ipv4Cidr?: string;
  subnets: SubnetRequest[];
  tags?: Tags;
}

/** A subnet as the SDK reports it. */
export interface SubnetInfo {
  iid: IID;
  zone?: string;
  /** Absent for an IPv6-only subnet (OpenStack keeps IPv4 and IPv6 in separate subnets). */
  ipv4Cidr?: string;
  /** The subnet's IPv6 range, where it has one. */
  ipv6Cidr?: string;
  tags?: Tags;
  extra?: Extra;
}

/** A VPC and its subnets as the SDK reports them. */
export interface VpcInfo {
  iid: IID;
  ipv4Cidr?: string;
  subnets: SubnetInfo[];
  tags?: Tags;
  extra?: Extra;
}

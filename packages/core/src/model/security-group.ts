import type { Extra, IID, Tags } from "./common.js";

/** Whether a rule admits traffic to or from the VMs. */
export type RuleDirection = "inbound" | "outbound";
/** The protocol a rule matches. */
export type RuleProtocol = "TCP" | "UDP" | "ICMP" | "ALL";

/**
 * One firewall rule. TCP and UDP rules carry a port range (1-65535); ICMP and ALL rules carry none.
 */
export interface SecurityRule {
  direction: RuleDirection;
  protocol: RuleProtocol;
  fromPort?: number;
  toPort?: number;
  /** Source (inbound) or destination (outbound) range. */
  cidr: string;
}

/** What `connection.securityGroup.create` takes. */
export interface SecurityGroupRequest {
  name: string;
  vpcName: string;
  rules: SecurityRule[];
  tags?: Tags;
}

/** A security group and its rules as the SDK reports them. */
export interface SecurityGroupInfo {
  iid: IID;
  vpcIID: IID;
  rules: SecurityRule[];
  tags?: Tags;
  extra?: Extra;
}

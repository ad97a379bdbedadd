import { describe, expect, it } from "vitest";
import { toPermission, toSecurityRule } from "./security-rules.js";

describe("security rules", () => {
  it("writes TCP and UDP port ranges as from/to and ICMP and ALL as -1/-1", () => {
    expect(
      toPermission({ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }),
    ).toEqual({ IpProtocol: "tcp", PortRange: "22/22", Policy: "accept", Priority: "1", SourceCidrIp: "0.0.0.0/0" });
    expect(toPermission({ direction: "outbound", protocol: "ALL", cidr: "10.0.0.0/8" })).toEqual({
      IpProtocol: "all",
      PortRange: "-1/-1",
      Policy: "accept",
      Priority: "1",
      DestCidrIp: "10.0.0.0/8",
    });
  });

  it("reads Alibaba's answers back into the same rules", () => {
    expect(
      toSecurityRule({ IpProtocol: "TCP", PortRange: "80/443", SourceCidrIp: "1.2.3.0/24", Direction: "ingress" }),
    ).toEqual({ direction: "inbound", protocol: "TCP", fromPort: 80, toPort: 443, cidr: "1.2.3.0/24" });
    expect(
      toSecurityRule({ IpProtocol: "ICMP", PortRange: "-1/-1", DestCidrIp: "0.0.0.0/0", Direction: "egress" }),
    ).toEqual({ direction: "outbound", protocol: "ICMP", cidr: "0.0.0.0/0" });
  });

  it("leaves out what the portable model cannot hold", () => {
    expect(toSecurityRule({ IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "0.0.0.0/0", Policy: "Drop" })).toBe(
      undefined,
    );
    expect(toSecurityRule({ IpProtocol: "GRE", PortRange: "-1/-1", SourceCidrIp: "0.0.0.0/0" })).toBe(undefined);
  });
});

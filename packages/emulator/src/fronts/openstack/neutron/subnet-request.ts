import { formatCidr, parseCidr } from "../../../world/cidr.js";
import { formatIpv6Cidr, ipv6CidrOverlaps, parseIpv6, parseIpv6Cidr } from "../../../world/cidr6.js";
import type { Ipv6Mode, Subnet } from "../../../world/types.js";
import { FrontError } from "../http.js";

// A subnet create body, checked as Neutron checks it (neutron-lib's subnet attribute validators,
// then db_base_plugin_v2's _validate_subnet and _validate_ipv6_attributes): IPv4, or IPv6 with
// its address and router advertisement modes.

export interface SubnetRequest {
  ipVersion: 4 | 6;
  /** Canonical: host bits cleared, as Neutron turns "10.0.1.5/24" into "10.0.1.0/24". */
  cidr: string;
  ipv6AddressMode?: Ipv6Mode;
  ipv6RaMode?: Ipv6Mode;
}

/** A body value as Neutron's messages print it. */
const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

const modes: readonly Ipv6Mode[] = ["dhcpv6-stateful", "dhcpv6-stateless", "slaac"];

const parseFailure = (message: string): FrontError => new FrontError(400, message, "HTTPBadRequest");
const invalidAttribute = (attr: string, reason: string): FrontError =>
  parseFailure(`Invalid input for ${attr}. Reason: ${reason}.`);
const invalidInput = (message: string): FrontError =>
  new FrontError(400, `Invalid input for operation: ${message}.`, "InvalidInput");

function mode(args: Record<string, unknown>, key: string): Ipv6Mode | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (!modes.includes(value as Ipv6Mode))
    throw invalidAttribute(key, `${text(value)} is not in ['dhcpv6-stateful', 'dhcpv6-stateless', 'slaac']`);
  return value as Ipv6Mode;
}

/** The network part of a CIDR in canonical text, with its version; undefined when malformed. */
function canonical(text: string): { version: 4 | 6; cidr: string } | undefined {
  const [address = "", prefix = ""] = text.split("/");
  if (!/^\d{1,3}$/.test(prefix)) return undefined;
  const length = Number(prefix);
  const v6 = parseIpv6(address);
  if (v6 !== undefined && length <= 128) {
    const base = length === 0 ? 0n : (v6 >> BigInt(128 - length)) << BigInt(128 - length);
    return { version: 6, cidr: formatIpv6Cidr({ base, prefixLength: length }) };
  }
  const v4 = parseCidr(`${address}/32`)?.base;
  if (v4 === undefined || length > 32) return undefined;
  const base = length === 0 ? 0 : Number((BigInt(v4) >> BigInt(32 - length)) << BigInt(32 - length));
  return { version: 4, cidr: formatCidr({ base, prefixLength: length }) };
}

export function subnetRequest(
  args: Record<string, unknown>,
  siblings: readonly Subnet[],
  networkId: string,
): SubnetRequest {
  const rawVersion = args["ip_version"];
  if (rawVersion === undefined)
    throw parseFailure("Failed to parse request. Required attribute 'ip_version' not specified");
  const ipVersion = Number(rawVersion);
  if (ipVersion !== 4 && ipVersion !== 6) throw invalidAttribute("ip_version", `${text(rawVersion)} is not in [4, 6]`);
  const rawCidr = args["cidr"];
  if (rawCidr === undefined || rawCidr === null)
    throw new FrontError(
      400,
      "Bad subnets request: a subnetpool must be specified in the absence of a cidr.",
      "BadRequest",
    );
  const parsed = typeof rawCidr === "string" ? canonical(rawCidr) : undefined;
  if (!parsed) throw invalidAttribute("cidr", `'${text(rawCidr)}' is not a valid IP subnet`);
  if (parsed.version !== ipVersion)
    throw invalidInput(`cidr '${text(rawCidr)}' does not match the ip_version '${ipVersion}'`);
  const ipv6RaMode = mode(args, "ipv6_ra_mode");
  const ipv6AddressMode = mode(args, "ipv6_address_mode");
  if (ipVersion === 4) {
    if (ipv6RaMode) throw invalidInput("ipv6_ra_mode is not valid when ip_version is 4");
    if (ipv6AddressMode) throw invalidInput("ipv6_address_mode is not valid when ip_version is 4");
  } else {
    if ((ipv6RaMode || ipv6AddressMode) && args["enable_dhcp"] === false)
      throw invalidInput("ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False");
    if (ipv6RaMode && ipv6AddressMode && ipv6RaMode !== ipv6AddressMode)
      throw invalidInput(
        `ipv6_ra_mode set to '${ipv6RaMode}' with ipv6_address_mode set to '${ipv6AddressMode}' is not valid. If both attributes are set, they must be the same value`,
      );
    const auto = ipv6AddressMode === "slaac" || ipv6AddressMode === "dhcpv6-stateless";
    if (auto && parseIpv6Cidr(parsed.cidr)?.prefixLength !== 64)
      throw invalidInput(
        `Invalid CIDR ${parsed.cidr} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64`,
      );
  }
  const overlaps = siblings.some((s) => {
    if (s.ipVersion !== ipVersion) return false;
    if (ipVersion === 6) {
      const [a, b] = [parseIpv6Cidr(s.cidr), parseIpv6Cidr(parsed.cidr)];
      return a !== undefined && b !== undefined && ipv6CidrOverlaps(a, b);
    }
    const [a, b] = [parseCidr(s.cidr), parseCidr(parsed.cidr)];
    if (!a || !b) return false;
    const [small, large] = a.prefixLength >= b.prefixLength ? [a, b] : [b, a];
    return small.base - (small.base % 2 ** (32 - large.prefixLength)) === large.base;
  });
  if (overlaps)
    throw invalidInput(
      `Requested subnet with cidr: ${parsed.cidr} for network: ${networkId} overlaps with another subnet`,
    );
  return {
    ipVersion,
    cidr: parsed.cidr,
    ...(ipv6AddressMode ? { ipv6AddressMode } : {}),
    ...(ipv6RaMode ? { ipv6RaMode } : {}),
  };
}

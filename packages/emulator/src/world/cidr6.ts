// IPv6 addresses and networks, as 128-bit bigints. IPv4 lives in cidr.ts (plain numbers); only
// subnets that a cloud lets carry IPv6 (Neutron's ip_version 6) use this module.

export interface Ipv6Cidr {
  base: bigint;
  prefixLength: number;
}

const bits = 128n;
const all = (1n << bits) - 1n;

/** Parses "2001:db8::1" (groups of hex, one "::" at most); undefined when malformed. */
export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split("::").length > 2) return undefined;
  const [head = "", tail] = text.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all16 = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  if (all16.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return all16.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n);
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
export function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/** Parses "2001:db8::/64"; undefined when malformed or when host bits are set. */
export function parseIpv6Cidr(text: string): Ipv6Cidr | undefined {
  const [address = "", prefix, ...rest] = text.split("/");
  if (prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return undefined;
  const prefixLength = Number(prefix);
  const base = parseIpv6(address);
  if (base === undefined || prefixLength > 128) return undefined;
  if ((base & hostMask(prefixLength)) !== 0n) return undefined;
  return { base, prefixLength };
}

export function formatIpv6Cidr(cidr: Ipv6Cidr): string {
  return `${formatIpv6(cidr.base)}/${cidr.prefixLength}`;
}

function hostMask(prefixLength: number): bigint {
  return all >> BigInt(prefixLength);
}

export function ipv6CidrContains(cidr: Ipv6Cidr, address: bigint): boolean {
  return (address & ~hostMask(cidr.prefixLength) & all) === cidr.base;
}

export function ipv6CidrOverlaps(a: Ipv6Cidr, b: Ipv6Cidr): boolean {
  const shorter = a.prefixLength <= b.prefixLength ? a : b;
  const longer = shorter === a ? b : a;
  return ipv6CidrContains(shorter, longer.base);
}

/** Addresses in the network, capped at Number.MAX_SAFE_INTEGER (a /64 has 2^64). */
export function ipv6Size(cidr: Ipv6Cidr): number {
  const size = 1n << BigInt(128 - cidr.prefixLength);
  return size > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(size);
}

/**
 * The stateless autoconfiguration address of a MAC in a /64 (RFC 4291 appendix A, modified EUI-64):
 * ff:fe goes in the middle of the MAC and its universal/local bit flips.
 */
export function eui64Address(prefix: Ipv6Cidr, mac: string): bigint {
  const bytes = mac.split(":").map((b) => Number.parseInt(b, 16));
  const [b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0] = bytes;
  const id = [b0 ^ 0x02, b1, b2, 0xff, 0xfe, b3, b4, b5].reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  return prefix.base | id;
}

/**
 * The lowest free address of a stateful (DHCPv6 or static) subnet: Neutron's allocation pool starts
 * after the gateway, base + 1, so at base + 2.
 */
export function firstFreeIpv6(cidr: Ipv6Cidr, used: ReadonlySet<string>): string | undefined {
  const last = cidr.base | hostMask(cidr.prefixLength);
  for (let host = cidr.base + 2n; host <= last && host < cidr.base + 65_536n; host++) {
    const ip = formatIpv6(host);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

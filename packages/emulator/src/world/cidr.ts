import { invalidParameter } from "./errors.js";

/** An IPv4 network; `base` is the network address as an unsigned 32-bit number. */
export interface Ipv4Cidr {
  readonly base: number;
  readonly prefix: number;
}

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; undefined when malformed or when host bits are set (clouds reject those). */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const m = cidrPattern.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % cidrSize({ base: 0, prefix }) !== 0) return undefined;
  return { base, prefix };
}

/** Parses a CIDR and checks its prefix length, or throws InvalidParameter naming `field`. */
export function requireCidr(text: string, field: string, prefixRange: readonly [number, number]): Ipv4Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw invalidParameter(field, `"${text}" is not a valid IPv4 network in CIDR notation`);
  const [min, max] = prefixRange;
  if (cidr.prefix < min || cidr.prefix > max) {
    throw invalidParameter(field, `prefix length of "${text}" must be between /${min} and /${max}`);
  }
  return cidr;
}

export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** Whether `inner` lies entirely within `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.base >= outer.base && inner.base + cidrSize(inner) <= outer.base + cidrSize(outer);
}

export function cidrOverlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

export function formatIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.prefix}`;
}

/**
 * Addresses the clouds keep for themselves in every subnet (AWS reserves the first four and the
 * last; the others reserve fewer), so the first usable host is base + 4.
 */
const reservedHead = 4;

/** The lowest free host address of `subnet`, or undefined when the subnet is full. */
export function firstFreeHost(subnet: Ipv4Cidr, used: ReadonlySet<string>): string | undefined {
  const last = subnet.base + cidrSize(subnet) - 2;
  for (let host = subnet.base + reservedHead; host <= last; host++) {
    const ip = formatIp(host);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** Usable host addresses of a subnet, as the clouds report "available IP count". */
export function usableHosts(subnet: Ipv4Cidr): number {
  return Math.max(0, cidrSize(subnet) - reservedHead - 1);
}

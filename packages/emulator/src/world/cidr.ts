import { cidrContains, cidrOverlaps, networkSize, parseIpv4Cidr } from "@cloud-barista/core";
import type { Ipv4Network } from "@cloud-barista/core";
import { invalidParameter } from "./errors.js";

/** An IPv4 network, as core parses it (`base` is the network address as an unsigned number). */
export type Ipv4Cidr = Ipv4Network;

/** Parses "a.b.c.d/n"; undefined when malformed or when host bits are set (clouds reject those). */
export const parseCidr = parseIpv4Cidr;
export const cidrSize = networkSize;
export { cidrContains, cidrOverlaps };

/** Parses a CIDR and checks its prefix length, or throws InvalidParameter naming `field`. */
export function requireCidr(text: string, field: string, prefixRange: readonly [number, number]): Ipv4Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw invalidParameter(field, `"${text}" is not a valid IPv4 network in CIDR notation`);
  const [min, max] = prefixRange;
  if (cidr.prefixLength < min || cidr.prefixLength > max) {
    throw invalidParameter(field, `prefix length of "${text}" must be between /${min} and /${max}`);
  }
  return cidr;
}

export function formatIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.prefixLength}`;
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

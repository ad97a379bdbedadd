/** An IPv4 network: `base` is the network address as an unsigned 32-bit number. */
export interface Ipv4Network {
  base: number;
  prefixLength: number;
}

const cidrPattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "a.b.c.d/n"; undefined when malformed or when host bits are set. */
export function parseIpv4Cidr(text: string): Ipv4Network | undefined {
  const m = cidrPattern.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefixLength = Number(m[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % 2 ** (32 - prefixLength) !== 0) return undefined;
  return { base, prefixLength };
}

export function networkSize(network: Ipv4Network): number {
  return 2 ** (32 - network.prefixLength);
}

/** Whether `inner` lies entirely within `outer`. */
export function cidrContains(outer: Ipv4Network, inner: Ipv4Network): boolean {
  return inner.base >= outer.base && inner.base + networkSize(inner) <= outer.base + networkSize(outer);
}

export function cidrOverlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.base < b.base + networkSize(b) && b.base < a.base + networkSize(a);
}

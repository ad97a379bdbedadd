/** An IPv4 network: `base` is the network address as an unsigned 32-bit number. */
export interface Ipv4Network {
  base: number;
  prefixLength: number;
}

// Canonical dotted quads only: a leading zero ("010") is refused, since some parsers (inet_aton,
// older netaddr) read it as octal and would give the cloud another network than the one written.
const octet = "(0|[1-9]\\d{0,2})";
const cidrPattern = new RegExp(`^${octet}\\.${octet}\\.${octet}\\.${octet}\\/(0|[1-9]\\d?)$`);

/** Parses canonical "a.b.c.d/n"; undefined when malformed, not canonical ("010.0.0.0/8") or when host bits are set. */
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

/** How many addresses a network has. */
export function networkSize(network: Ipv4Network): number {
  return 2 ** (32 - network.prefixLength);
}

/** Whether `inner` lies entirely within `outer`. */
export function cidrContains(outer: Ipv4Network, inner: Ipv4Network): boolean {
  return inner.base >= outer.base && inner.base + networkSize(inner) <= outer.base + networkSize(outer);
}

/** Whether two networks share any address. */
export function cidrOverlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.base < b.base + networkSize(b) && b.base < a.base + networkSize(a);
}

/** Whether two "a.b.c.d/n" texts share any address; one that is not a canonical network overlaps nothing. */
export function cidrTextsOverlap(a: string, b: string): boolean {
  const first = parseIpv4Cidr(a);
  const second = parseIpv4Cidr(b);
  return first !== undefined && second !== undefined && cidrOverlaps(first, second);
}

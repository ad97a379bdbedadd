import type { ProviderName } from "@cloud-barista/core";
import type { Random } from "./random.js";

// Public addresses and DNS names in each provider's style. Addresses are drawn from blocks the
// provider really announces (MOCK uses the 198.18.0.0/15 benchmarking block) and are unique
// world-wide.

const publicFirstOctets: Record<ProviderName, readonly number[]> = {
  AWS: [3, 13, 18, 34, 44, 52, 54],
  AZURE: [20, 40, 51, 52, 104],
  GCP: [34, 35, 104],
  ALIBABA: [8, 39, 47],
  TENCENT: [43, 49, 119, 129],
  IBM: [52, 150, 169],
  OPENSTACK: [185, 193],
  MOCK: [198],
};

function candidate(provider: ProviderName, random: Random): string {
  if (provider === "MOCK") return `198.${18 + random.int(2)}.${random.int(256)}.${1 + random.int(254)}`;
  const octets = publicFirstOctets[provider];
  const first = octets[random.int(octets.length)] ?? 52;
  return `${first}.${random.int(256)}.${random.int(256)}.${1 + random.int(254)}`;
}

/** A public address not yet in `used` (which it joins). */
export function allocatePublicIp(provider: ProviderName, random: Random, used: Set<string>): string {
  for (;;) {
    const ip = candidate(provider, random);
    if (!used.has(ip)) {
      used.add(ip);
      return ip;
    }
  }
}

const dashed = (ip: string) => ip.replaceAll(".", "-");

export function publicDnsName(provider: ProviderName, ip: string, region: string, name: string): string | undefined {
  switch (provider) {
    case "AWS":
      return region === "us-east-1"
        ? `ec2-${dashed(ip)}.compute-1.amazonaws.com`
        : `ec2-${dashed(ip)}.${region}.compute.amazonaws.com`;
    case "AZURE":
      return `${name.toLowerCase()}.${region}.cloudapp.azure.com`;
    case "MOCK":
      return `${dashed(ip)}.${region}.mock.barista.example`;
    default:
      return undefined;
  }
}

export function privateDnsName(
  provider: ProviderName,
  ip: string,
  place: { region: string; zone: string; account: string; name: string },
): string | undefined {
  switch (provider) {
    case "AWS":
      return place.region === "us-east-1"
        ? `ip-${dashed(ip)}.ec2.internal`
        : `ip-${dashed(ip)}.${place.region}.compute.internal`;
    case "AZURE":
      return `${place.name.toLowerCase()}.internal.cloudapp.net`;
    case "GCP":
      return `${place.name}.${place.zone}.c.${place.account}.internal`;
    case "MOCK":
      return `ip-${dashed(ip)}.${place.region}.mock.internal`;
    default:
      return undefined;
  }
}

export function nlbDnsName(provider: ProviderName, name: string, region: string, random: Random): string | undefined {
  switch (provider) {
    case "AWS":
      return `${name}-${random.hex(16)}.elb.${region}.amazonaws.com`;
    case "AZURE":
      return `${name.toLowerCase()}.${region}.cloudapp.azure.com`;
    case "ALIBABA":
      return `nlb-${random.chars(20, "abcdefghijklmnopqrstuvwxyz0123456789")}.${region}.nlb.aliyuncsslbintl.com`;
    case "TENCENT":
      return `lb-${random.chars(8, "abcdefghijklmnopqrstuvwxyz0123456789")}.clb.${region}.tencentclb.com`;
    case "IBM":
      return `${random.hex(8)}-${region}.lb.appdomain.cloud`;
    case "MOCK":
      return `${name}.nlb.${region}.mock.barista.example`;
    default:
      return undefined;
  }
}

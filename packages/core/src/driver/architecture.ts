import type { Architecture } from "../model/common.js";

// The names clouds and images give CPU architectures (EC2, Glance, Azure, GCP, IBM ...), lower-cased.
const byName: Readonly<Record<string, Architecture>> = {
  x86_64: "x86_64",
  amd64: "x86_64",
  x64: "x86_64",
  arm64: "arm64",
  aarch64: "arm64",
  i386: "x86_32",
  i686: "x86_32",
  x86: "x86_32",
  armv7l: "arm32",
  arm: "arm32",
  x86_64_mac: "x86_64_mac",
  arm64_mac: "arm64_mac",
};

/** The portable architecture of a cloud's name for it (any case); "NA" when unknown or absent. */
export function architectureOf(name: string | undefined): Architecture {
  return (name === undefined ? undefined : byName[name.toLowerCase()]) ?? "NA";
}

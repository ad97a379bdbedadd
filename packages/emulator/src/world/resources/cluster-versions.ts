import type { ProviderName } from "@cloud-barista/core";
import type { ClusterVersion } from "../types.js";

// The Kubernetes versions each provider's managed service offers, in the provider's own spelling
// (EKS "1.31", AKS "1.31.2", GKE "1.31.1-gke.1678000", ACK "1.31.1-aliyun.1", Magnum's kube_tag
// "v1.30.4"): one each past standard support (deprecated), one default. The same in every region.

const table: Readonly<Record<ProviderName, readonly ClusterVersion[]>> = {
  AWS: [{ version: "1.29", deprecated: true }, { version: "1.30" }, { version: "1.31", default: true }],
  AZURE: [{ version: "1.29.9", deprecated: true }, { version: "1.30.5", default: true }, { version: "1.31.2" }],
  GCP: [
    { version: "1.29.10-gke.1000", deprecated: true },
    { version: "1.30.5-gke.1014001", default: true },
    { version: "1.31.1-gke.1678000" },
  ],
  ALIBABA: [
    { version: "1.28.9-aliyun.1", deprecated: true },
    { version: "1.30.1-aliyun.1", default: true },
    { version: "1.31.1-aliyun.1" },
  ],
  TENCENT: [{ version: "1.28.3", deprecated: true }, { version: "1.30.0", default: true }, { version: "1.31.1" }],
  IBM: [{ version: "1.29.10", deprecated: true }, { version: "1.30.6", default: true }, { version: "1.31.2" }],
  OPENSTACK: [{ version: "v1.29.9", deprecated: true }, { version: "v1.30.4", default: true }, { version: "v1.31.1" }],
  MOCK: [{ version: "1.29", deprecated: true }, { version: "1.30", default: true }, { version: "1.31" }],
};

export function clusterVersionsOf(provider: ProviderName): ClusterVersion[] {
  return table[provider].map((v) => ({ ...v }));
}

/** [major, minor, patch] of a version in any provider's spelling ("v1.30.4", "1.30.5-gke.1"). */
export function versionParts(version: string): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a) ?? [0, 0, 0];
  const pb = versionParts(b) ?? [0, 0, 0];
  return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2] || a.localeCompare(b);
}

/** The `gitVersion` the cluster's API server reports for its version ("v1.31.0", "v1.30.5-gke.1014001"). */
export function gitVersionOf(version: string): string {
  const [major, minor, patch] = versionParts(version) ?? [1, 0, 0];
  const suffix = version.replace(/^v?\d+\.\d+(?:\.\d+)?/, "");
  return `v${major}.${minor}.${patch}${suffix}`;
}

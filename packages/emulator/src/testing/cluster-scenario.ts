import { expect } from "vitest";
import { collect, isBaristaError, supportsOperation } from "@cloud-barista/core";
import type { ClusterInfo, ClusterRequest, ErrorCode } from "@cloud-barista/core";
import type { EmulatedConnection } from "./emulated-connection.js";
import { readyNodes, serverVersion } from "./kubectl.js";
import { liveVms, vmBasics, withNetwork } from "./vm-network.js";

// One managed-Kubernetes scenario every cloud driver's cluster test runs through the runtime's
// `connection.cluster`, with Debian's kubectl on the kubeconfig the SDK returned. What differs per
// cloud is a parameter; the driver's own test keeps only what is that cloud's alone.

/** What differs per cloud in the shared cluster scenario (`clusterScenario`). */
export interface ClusterScenarioOptions {
  /** The offered version the cluster is made with, and the one (a minor newer) it is upgraded to. */
  versions: { create: string; upgrade: string };
  /** The zones of `withNetwork`'s subnets, one subnet each. */
  zones: readonly string[];
  /** How many of those subnets the cluster takes (default: all; Magnum takes exactly one). */
  subnets?: number;
  /** The security group's name (default "sg"; AWS refuses names that begin "sg-", as a derived one would). */
  securityGroup?: string;
  /** The node group's spec (default: `vmBasics`' smallest x86_64 spec). */
  specName?: string;
  /** Cloud-specific checks on the cluster once Active (its kubeconfig's auth, the vendor's shapes). */
  whenActive?: (cluster: ClusterInfo) => Promise<void>;
}

/** What `kubectl version` must begin with for a cloud's version ("1.30" -> /^v1\.30/). */
const kubeVersion = (version: string) => new RegExp(`^v${version.replace(/^v/, "").replace(/\./g, "\\.")}`);

/** The cluster as `get` gives it now: a fresh kubeconfig, since tokens in it expire on the world's clock. */
const current = (f: EmulatedConnection, name: string) => f.conn.cluster.get(name);

/** The Ready nodes kubectl sees, the world's clock moving (nodes boot) until there are `count`. */
async function readyCount(f: EmulatedConnection, name: string, count: number): Promise<number> {
  let ready: string[] = [];
  for (let i = 0; i < 30 && ready.length !== count; i++) {
    if (i > 0) await f.clock.sleep(10_000);
    ready = await readyNodes((await current(f, name)).accessInfo.kubeconfig);
  }
  return ready.length;
}

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | "resolved" | "untyped"> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return isBaristaError(error) ? error.code : "untyped";
  }
}

/**
 * On `withNetwork`'s network: bad input refused, typed, before the cloud is called; a cluster with
 * one node group made, its nodes Ready in `kubectl get nodes` and its version in `kubectl version`;
 * scaled (kubectl sees the new count), switched to auto-scaling and upgraded where the driver's
 * capabilities say it can (a typed `NotSupported` where not); deleted with no cluster or node left.
 */
export async function clusterScenario(f: EmulatedConnection, options: ClusterScenarioOptions): Promise<void> {
  const { conn } = f;
  const can = (operation: "cluster.autoScaling" | "cluster.upgrade") => supportsOperation(conn.capabilities, operation);
  const securityGroup = options.securityGroup ?? "sg";
  await withNetwork(f, options.zones, { securityGroup });
  const subnetNames = options.zones.slice(0, options.subnets ?? options.zones.length).map((z) => `web-${z.slice(-1)}`);
  const specName = options.specName ?? (await vmBasics(f)).spec;
  const group = { name: "workers", specName, keyPairName: "key", onAutoScaling: false };
  const request: ClusterRequest = {
    name: "kube",
    version: options.versions.create,
    vpcName: "net",
    subnetNames,
    securityGroupNames: [securityGroup],
    nodeGroups: [{ ...group, desiredNodeSize: 2, minNodeSize: 1, maxNodeSize: 3 }],
  };
  const offered = (await collect(conn.cluster.versions())).map((v) => v.version);
  expect(offered).toEqual(expect.arrayContaining([options.versions.create, options.versions.upgrade]));

  const served = f.control.servedApis().length;
  const bad: [Partial<ClusterRequest>, ErrorCode][] = [
    [{ version: "0.1" }, "InvalidArgument"],
    [{ nodeGroups: [{ ...group, desiredNodeSize: 4, minNodeSize: 1, maxNodeSize: 3 }] }, "InvalidArgument"],
    [{ subnetNames: ["no-such-subnet"] }, "NotFound"],
  ];
  for (const [change, code] of bad) expect(await codeOf(conn.cluster.create({ ...request, ...change }))).toBe(code);
  expect(f.control.servedApis().slice(served)).toEqual([]);

  const made = await conn.cluster.create(request);
  expect(made.status).toBe("Active");
  expect(made.version).toBe(options.versions.create);
  expect(made.network.subnetIIDs.map((s) => s.nameId)).toEqual(subnetNames);
  expect(made.network.securityGroupIIDs.map((s) => s.nameId)).toEqual([securityGroup]);
  expect(made.nodeGroups).toMatchObject([
    { iid: { nameId: "workers" }, specName, desiredNodeSize: 2, minNodeSize: 1, maxNodeSize: 3, status: "Active" },
  ]);
  expect(made.nodeGroups[0]?.nodes).toHaveLength(2);
  expect(made.nodeGroups[0]?.keyPairIID?.nameId).toBe("key");
  expect(made.accessInfo.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(await serverVersion(made.accessInfo.kubeconfig)).toMatch(kubeVersion(made.version));
  expect(await readyCount(f, "kube", 2)).toBe(2);
  await options.whenActive?.(made);

  const scaled = await conn.cluster.changeNodeGroupScaling("kube", "workers", { desired: 3, min: 1, max: 4 });
  expect([scaled.desiredNodeSize, scaled.maxNodeSize, scaled.nodes.length]).toEqual([3, 4, 3]);
  expect(await readyCount(f, "kube", 3)).toBe(3);

  const switched = conn.cluster.setNodeGroupAutoScaling("kube", "workers", true);
  if (can("cluster.autoScaling")) {
    await switched;
    expect((await current(f, "kube")).nodeGroups[0]?.onAutoScaling).toBe(true);
  } else expect(await codeOf(switched)).toBe("NotSupported");

  if (can("cluster.upgrade")) {
    const upgraded = await conn.cluster.upgrade("kube", options.versions.upgrade);
    expect(upgraded.version).toBe(options.versions.upgrade);
    const kubeconfig = (await current(f, "kube")).accessInfo.kubeconfig;
    expect(await serverVersion(kubeconfig)).toMatch(kubeVersion(options.versions.upgrade));
  }

  await conn.cluster.delete("kube");
  expect(await codeOf(current(f, "kube"))).toBe("NotFound");
  expect(f.cloud().clusters.list().items).toEqual([]);
  expect(liveVms(f)).toEqual([]);
}

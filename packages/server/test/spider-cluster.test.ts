import { randomBytes } from "node:crypto";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { emulatedConnection } from "@cloud-barista/emulator/testing";
import { serve, tenantsByToken } from "@cloud-barista/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerMockConnection, startHarness } from "./harness.js";
import type { Harness } from "./harness.js";

// CB-Spider's cluster REST over HTTP: on driver-mock through the harness (the whole route set), and
// on driver-aws against the AWS front's EKS (create, get, delete through the vendor SDK).

const conn = "mock-k8s-config";
const q = `ConnectionName=${conn}`;

interface SpiderNodeGroup {
  IId: { NameId: string };
  Status: string;
  Nodes: unknown[];
  DesiredNodeSize: number;
  MinNodeSize: number;
  MaxNodeSize: number;
  OnAutoScaling: boolean;
}
interface SpiderCluster {
  IId: { NameId: string; SystemId: string };
  Version: string;
  Status: string;
  NodeGroupList: SpiderNodeGroup[];
  AccessInfo: { Endpoint: string; Kubeconfig: string };
}

const nodeGroup = (name: string, sizes: [string, string, string]) => ({
  Name: name,
  VMSpecName: "mock-small",
  KeyPairName: "k8s-key",
  OnAutoScaling: "true",
  DesiredNodeSize: sizes[0],
  MinNodeSize: sizes[1],
  MaxNodeSize: sizes[2],
});

describe("Spider's cluster routes on driver-mock", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await registerMockConnection(h, "a", conn);
    const network: [string, unknown][] = [
      [
        "/spider/vpc",
        { Name: "k8s-vpc", IPv4_CIDR: "10.0.0.0/16", SubnetInfoList: [{ Name: "k8s-sub", IPv4_CIDR: "10.0.1.0/24" }] },
      ],
      ["/spider/securitygroup", { Name: "k8s-sg", VPCName: "k8s-vpc", SecurityRules: [] }],
      ["/spider/keypair", { Name: "k8s-key" }],
    ];
    for (const [path, ReqInfo] of network) {
      const answer = await h.call("a", "POST", path, { ConnectionName: conn, ReqInfo });
      if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  });
  afterAll(() => h.close());

  it("creates, lists, scales, upgrades and deletes a cluster with Spider's names and shapes", async () => {
    const { call } = h;
    const versions: string[] = [];
    for await (const v of (await h.tenants.a.connection(conn)).cluster.versions()) versions.push(v.version);
    const [from, to] = [...versions].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    expect(to).toBeDefined();

    const created = await fetch(`${h.server.url}/spider/cluster`, {
      method: "POST",
      headers: { authorization: `Bearer ${h.tokens.a}`, "content-type": "application/json" },
      body: JSON.stringify({
        ConnectionName: conn,
        ReqInfo: {
          Name: "k8s",
          Version: from,
          VPCName: "k8s-vpc",
          SubnetNames: ["k8s-sub"],
          SecurityGroupNames: ["k8s-sg"],
          NodeGroupList: [nodeGroup("workers", ["2", "1", "3"])],
        },
      }),
    });
    expect(created.status).toBe(200);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const cluster = (await created.json()) as SpiderCluster;
    expect(cluster).toMatchObject({
      IId: { NameId: "k8s", SystemId: expect.any(String) },
      Version: from,
      Status: "Active",
      Network: { VpcIID: { NameId: "k8s-vpc" }, SubnetIIDs: [{ NameId: "k8s-sub" }] },
      NodeGroupList: [
        { IId: { NameId: "workers" }, Status: "Active", DesiredNodeSize: 2, MinNodeSize: 1, MaxNodeSize: 3 },
      ],
    });
    expect(cluster.NodeGroupList[0]?.Nodes).toHaveLength(2);
    expect(cluster.AccessInfo.Kubeconfig).toContain("apiVersion: v1");

    expect((await call("a", "GET", `/spider/cluster?${q}`)).body).toEqual({
      cluster: [expect.objectContaining({ IId: cluster.IId })],
    });
    expect((await call("a", "GET", `/spider/cluster/k8s?${q}`)).body).toMatchObject({ IId: cluster.IId });
    expect((await call("a", "GET", `/spider/countcluster/${conn}`)).body).toEqual({ count: 1 });
    expect((await call("a", "GET", `/spider/allcluster?${q}`)).body).toEqual({
      AllList: { MappedList: [cluster.IId], OnlySpiderList: [], OnlyCSPList: [] },
    });

    // Node counts are Spider's strings in requests; a word is refused naming Spider's field.
    const bad = await call("a", "POST", "/spider/cluster/k8s/nodegroup", {
      ConnectionName: conn,
      ReqInfo: nodeGroup("more", ["two", "1", "3"]),
    });
    expect(bad).toMatchObject({ status: 400, body: { field: "ReqInfo.DesiredNodeSize" } });
    const added = await call("a", "POST", "/spider/cluster/k8s/nodegroup", {
      ConnectionName: conn,
      ReqInfo: nodeGroup("more", ["1", "0", "2"]),
    });
    expect(added.status).toBe(200);
    expect((added.body as unknown as SpiderCluster).NodeGroupList.map((g) => [g.IId.NameId, g.Status])).toEqual([
      ["workers", "Active"],
      ["more", "Active"],
    ]);

    const sized = await call("a", "PUT", "/spider/cluster/k8s/nodegroup/workers/autoscalesize", {
      ConnectionName: conn,
      ReqInfo: { DesiredNodeSize: "3", MinNodeSize: "1", MaxNodeSize: "3" },
    });
    expect(sized.status).toBe(200);
    expect(sized.body).toMatchObject({ IId: { NameId: "workers" }, DesiredNodeSize: 3, Status: "Active" });
    expect((sized.body as unknown as SpiderNodeGroup).Nodes).toHaveLength(3);
    const outOfRange = await call("a", "PUT", "/spider/cluster/k8s/nodegroup/workers/autoscalesize", {
      ConnectionName: conn,
      ReqInfo: { DesiredNodeSize: "5", MinNodeSize: "1", MaxNodeSize: "3" },
    });
    expect(outOfRange.status).toBe(400);

    const autoscaling = await call("a", "PUT", "/spider/cluster/k8s/nodegroup/workers/onautoscaling", {
      ConnectionName: conn,
      ReqInfo: { OnAutoScaling: "false" },
    });
    expect(autoscaling).toMatchObject({ status: 200, body: { Result: "true" } });
    const workers = async () =>
      ((await call("a", "GET", `/spider/cluster/k8s?${q}`)).body as unknown as SpiderCluster).NodeGroupList.find(
        (g) => g.IId.NameId === "workers",
      );
    expect((await workers())?.OnAutoScaling).toBe(false);

    const upgraded = await call("a", "PUT", "/spider/cluster/k8s/upgrade", {
      ConnectionName: conn,
      ReqInfo: { Version: to },
    });
    expect(upgraded).toMatchObject({ status: 200, body: { Version: to, Status: "Active" } });

    expect(await call("a", "DELETE", `/spider/cluster/k8s/nodegroup/more?${q}`)).toMatchObject({
      status: 200,
      body: { Result: "true" },
    });
    expect(
      ((await call("a", "GET", `/spider/cluster/k8s?${q}`)).body as unknown as SpiderCluster).NodeGroupList,
    ).toHaveLength(1);

    // Unregister, then register the cloud's cluster again under another name.
    expect((await call("a", "DELETE", `/spider/regcluster/k8s?${q}`)).body).toEqual({ Result: "true" });
    expect((await call("a", "GET", `/spider/allcluster?${q}`)).body).toMatchObject({
      AllList: { MappedList: [], OnlyCSPList: [{ SystemId: cluster.IId.SystemId }] },
    });
    const registered = await call("a", "POST", "/spider/regcluster", {
      ConnectionName: conn,
      ReqInfo: { Name: "adopted", VPCName: "k8s-vpc", CSPId: cluster.IId.SystemId },
    });
    expect(registered).toMatchObject({ status: 200, body: { IId: { NameId: "adopted" }, Status: "Active" } });

    expect(await call("a", "DELETE", `/spider/cluster/adopted?${q}`)).toMatchObject({
      status: 200,
      body: { Result: "true" },
    });
    expect((await call("a", "GET", `/spider/cluster?${q}`)).body).toEqual({ cluster: [] });
    expect((await call("a", "GET", `/spider/cluster/adopted?${q}`)).status).toBe(404);
  });

  it("refuses another tenant's connection and a missing ConnectionName", async () => {
    expect((await h.call("b", "GET", `/spider/cluster?${q}`)).status).toBe(404);
    expect((await h.call("a", "GET", "/spider/cluster")).status).toBe(400);
  });
});

describe("Spider's cluster routes on driver-aws (EKS through @aws-sdk/client-eks)", () => {
  it("creates, gets and deletes a cluster against the AWS front", async () => {
    const account = "111122223333";
    const f = await emulatedConnection({
      provider: "AWS",
      driver: () =>
        createAwsDriver({
          eks: {
            clusterRoleArn: `arn:aws:iam::${account}:role/eksClusterRole`,
            nodeRoleArn: `arn:aws:iam::${account}:role/eksNodeRole`,
          },
        }),
      account,
      region: "ap-northeast-2",
      zone: "ap-northeast-2a",
      names: { connection: "seoul" },
    });
    const token = `token-${randomBytes(12).toString("hex")}`;
    const server = await serve({
      port: 0,
      validateResponses: true,
      tenants: tenantsByToken([{ id: "a", barista: f.barista, tokens: [token] }]),
    });
    try {
      await f.conn.vpc.create({
        name: "k8s",
        ipv4Cidr: "10.0.0.0/16",
        subnets: [
          { name: "a", ipv4Cidr: "10.0.1.0/24", zone: "ap-northeast-2a" },
          { name: "c", ipv4Cidr: "10.0.2.0/24", zone: "ap-northeast-2c" },
        ],
      });
      await f.conn.securityGroup.create({ name: "k8s-sg", vpcName: "k8s", rules: [] });
      await f.conn.keyPair.create({ name: "k8s-key" });
      const call = async (method: string, path: string, body?: unknown) => {
        const answer = await fetch(`${server.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body !== undefined && { "content-type": "application/json" }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
      };
      const created = await call("POST", "/spider/cluster", {
        ConnectionName: "seoul",
        ReqInfo: {
          Name: "demo",
          Version: "1.30",
          VPCName: "k8s",
          SubnetNames: ["a", "c"],
          SecurityGroupNames: ["k8s-sg"],
          NodeGroupList: [{ ...nodeGroup("workers", ["2", "1", "3"]), VMSpecName: "t3.medium" }],
        },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        IId: { NameId: "demo" },
        Version: "1.30",
        Status: "Active",
        NodeGroupList: [{ IId: { NameId: "workers" }, Status: "Active", DesiredNodeSize: 2 }],
        AccessInfo: { Endpoint: expect.stringMatching(/^https:/), Kubeconfig: expect.stringContaining("k8s-aws-v1.") },
      });
      expect((await call("GET", "/spider/cluster/demo?ConnectionName=seoul")).body).toMatchObject({
        IId: { NameId: "demo" },
      });
      expect((await call("DELETE", "/spider/cluster/demo?ConnectionName=seoul")).body).toEqual({ Result: "true" });
      expect(f.cloud().clusters.list().items).toEqual([]);
    } finally {
      await server.close();
      await f.close();
    }
  });
});

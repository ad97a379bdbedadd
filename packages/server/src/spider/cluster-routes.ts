import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ClusterInfo, NodeGroupInfo, NodeGroupRequest, Tags } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { bodyCall, createCall } from "./call-kit.js";
import { emptyIid, str, toIid, toKeyValues, toPositiveInt, toTime } from "./convert.js";
import { deleteConnection } from "./context.js";
import { resourceFamilyRoutes } from "./resource-kit.js";
import { ok, optionalJsonBody } from "./route-kit.js";
import {
  booleanInfoSchema,
  connectionNameSchema,
  deleteBody,
  idTransformModeSchema,
  iidSchema,
  keyValueListSchema,
  keyValueSchema,
  nameSchema,
} from "./schemas.js";

const tag = "Cluster";

// CB-Spider's cluster JSON (its ClusterInfo and NodeGroupInfo): node counts are numbers and the
// auto-scaling flag a boolean in answers, but strings in requests, as Spider's REST has them.

export const nodeGroupInfoSchema = z
  .object({
    IId: iidSchema,
    ImageIID: iidSchema,
    VMSpecName: z.string(),
    RootDiskType: z.string(),
    RootDiskSize: z.string(),
    KeyPairIID: iidSchema,
    OnAutoScaling: z.boolean(),
    DesiredNodeSize: z.number().int(),
    MinNodeSize: z.number().int(),
    MaxNodeSize: z.number().int(),
    Status: z.string(),
    Nodes: z.array(iidSchema),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("NodeGroupInfo");
export const clusterInfoSchema = z
  .object({
    IId: iidSchema,
    Version: z.string(),
    Network: z.object({
      VpcIID: iidSchema,
      SubnetIIDs: z.array(iidSchema),
      SecurityGroupIIDs: z.array(iidSchema),
      KeyValueList: z.array(keyValueSchema),
    }),
    NodeGroupList: z.array(nodeGroupInfoSchema),
    AccessInfo: z.object({ Endpoint: z.string(), Kubeconfig: z.string() }),
    Addons: z.object({ KeyValueList: z.array(keyValueSchema) }),
    Status: z.string(),
    CreatedTime: z.string(),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("ClusterInfo");

const sizeString = z.string().min(1).max(8);
const nodeGroupRequest = z
  .object({
    Name: nameSchema,
    ImageName: z.string().max(512).optional(),
    VMSpecName: z.string().min(1).max(256),
    RootDiskType: z.string().max(64).optional(),
    RootDiskSize: z.string().max(16).optional(),
    KeyPairName: nameSchema,
    OnAutoScaling: z.string().max(8),
    DesiredNodeSize: sizeString,
    MinNodeSize: sizeString,
    MaxNodeSize: sizeString,
  })
  .openapi("ClusterNodeGroupRequest");
const sizesRequest = z.object({ DesiredNodeSize: sizeString, MinNodeSize: sizeString, MaxNodeSize: sizeString });

// The kubeconfig is a credential to the cluster: no cache on the way may keep an answer with it.
const noStore = { "Cache-Control": "no-store" };

const groupParams = z.object({ Name: nameSchema, NodeGroupName: nameSchema });

/** Spider's "true"/"false" (strconv.ParseBool's words too); `field` names it in the error. */
function toBoolean(value: string, field: string): boolean {
  const v = value.toLowerCase();
  if (["true", "t", "1"].includes(v)) return true;
  if (["false", "f", "0"].includes(v)) return false;
  throw badRequest(field, "must be true or false", "boolean");
}

/** A node count Spider sends as a string; 0 is a count (a minimum may be 0). */
function toCount(value: string, field: string): number {
  if (!/^\d{1,6}$/.test(value)) throw badRequest(field, "must be a whole number", "integer");
  return Number(value);
}

const toSizes = (r: z.infer<typeof sizesRequest>, field: string) => ({
  desired: toCount(r.DesiredNodeSize, `${field}.DesiredNodeSize`),
  min: toCount(r.MinNodeSize, `${field}.MinNodeSize`),
  max: toCount(r.MaxNodeSize, `${field}.MaxNodeSize`),
});

function toNodeGroupRequest(r: z.infer<typeof nodeGroupRequest>, field: string, tags?: Tags): NodeGroupRequest {
  const rootDiskSizeGB = toPositiveInt(r.RootDiskSize, `${field}.RootDiskSize`);
  const size = toSizes(r, field);
  return {
    name: r.Name,
    ...(r.ImageName && r.ImageName.toLowerCase() !== "default" ? { imageName: r.ImageName } : {}),
    specName: r.VMSpecName,
    ...(r.RootDiskType && r.RootDiskType.toLowerCase() !== "default" ? { rootDiskType: r.RootDiskType } : {}),
    ...(rootDiskSizeGB === undefined ? {} : { rootDiskSizeGB }),
    keyPairName: r.KeyPairName,
    onAutoScaling: toBoolean(r.OnAutoScaling, `${field}.OnAutoScaling`),
    desiredNodeSize: size.desired,
    minNodeSize: size.min,
    maxNodeSize: size.max,
    ...(tags && { tags }),
  };
}

export const toNodeGroup = (g: NodeGroupInfo) => ({
  IId: toIid(g.iid),
  ImageIID: g.imageIID ? toIid(g.imageIID) : emptyIid,
  VMSpecName: g.specName,
  RootDiskType: str(g.rootDiskType),
  RootDiskSize: str(g.rootDiskSizeGB),
  KeyPairIID: g.keyPairIID ? toIid(g.keyPairIID) : emptyIid,
  OnAutoScaling: g.onAutoScaling,
  DesiredNodeSize: g.desiredNodeSize,
  MinNodeSize: g.minNodeSize,
  MaxNodeSize: g.maxNodeSize,
  Status: g.status,
  Nodes: g.nodes.map(toIid),
  TagList: toKeyValues(g.tags),
  KeyValueList: toKeyValues(g.extra),
});

export const toCluster = (c: ClusterInfo) => ({
  IId: toIid(c.iid),
  Version: c.version,
  Network: {
    VpcIID: toIid(c.network.vpcIID),
    SubnetIIDs: c.network.subnetIIDs.map(toIid),
    SecurityGroupIIDs: c.network.securityGroupIIDs.map(toIid),
    KeyValueList: [],
  },
  NodeGroupList: c.nodeGroups.map(toNodeGroup),
  AccessInfo: { Endpoint: c.accessInfo.endpoint, Kubeconfig: c.accessInfo.kubeconfig },
  Addons: { KeyValueList: [] },
  Status: c.status,
  CreatedTime: toTime(c.createdAt),
  TagList: toKeyValues(c.tags),
  KeyValueList: toKeyValues(c.extra),
});

/**
 * Provider-managed Kubernetes clusters in CB-Spider's REST: create (answers once the cluster and its
 * node groups are Active, as a VM's start answers once it runs), list, get, delete, node groups
 * (add, remove, auto scaling, sizes), upgrade, register, list-all.
 */
export function clusterRoutes(app: OpenAPIHono<ServerEnv>): void {
  createCall(app, {
    path: "/spider/cluster",
    tag,
    summary: "Creates a cluster with its node groups and answers once it is Active",
    requestName: "ClusterCreateRequest",
    reqInfo: {
      Name: nameSchema,
      Version: z.string().min(1).max(64),
      VPCName: nameSchema,
      SubnetNames: z.array(nameSchema).min(1).max(16),
      SecurityGroupNames: z.array(nameSchema).max(16),
      NodeGroupList: z.array(nodeGroupRequest).max(16).optional(),
      TagList: keyValueListSchema.optional(),
    },
    info: clusterInfoSchema,
    toSpider: toCluster,
    create: (conn, r, tags) =>
      conn.cluster.create({
        name: r.Name,
        version: r.Version,
        vpcName: r.VPCName,
        subnetNames: r.SubnetNames,
        securityGroupNames: r.SecurityGroupNames,
        nodeGroups: (r.NodeGroupList ?? []).map((g, i) => toNodeGroupRequest(g, `ReqInfo.NodeGroupList.${i}`)),
        ...(tags && { tags }),
      }),
    headers: noStore,
  });
  resourceFamilyRoutes(app, {
    path: "cluster",
    listKey: "cluster",
    tag,
    info: clusterInfoSchema,
    service: (conn) => conn.cluster,
    toSpider: toCluster,
    // Spider's register names the VPC; here the cluster's network is read from the cloud.
    registerFields: { VPCName: nameSchema.optional() },
    noStore: true,
  });
  bodyCall(app, {
    method: "post",
    path: "/spider/cluster/{Name}/nodegroup",
    tag,
    summary: "Adds a node group; answers the cluster once the group is Active",
    params: z.object({ Name: nameSchema }),
    body: z
      .object({
        ConnectionName: connectionNameSchema,
        IDTransformMode: idTransformModeSchema,
        ReqInfo: nodeGroupRequest,
      })
      .openapi("ClusterAddNodeGroupRequest"),
    answer: clusterInfoSchema,
    run: async (conn, body, { Name }) => {
      await conn.cluster.addNodeGroup(Name, toNodeGroupRequest(body.ReqInfo, "ReqInfo"));
      return toCluster(await conn.cluster.get(Name));
    },
    headers: noStore,
  });
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/cluster/{Name}/nodegroup/{NodeGroupName}",
      tags: [tag],
      summary: "Removes a node group and its nodes",
      request: {
        params: groupParams,
        query: z.object({
          ConnectionName: connectionNameSchema.optional(),
          force: z.enum(["true", "false"]).optional(),
        }),
        body: optionalJsonBody(deleteBody),
      },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      const query = c.req.valid("query");
      // A node group is the cloud's to remove: there is nothing to forget without it.
      if (query.force === "true") throw badRequest("force", "applies to clusters, not node groups", "not-supported");
      const conn = await deleteConnection(c, query, c.req.valid("json"));
      const { Name, NodeGroupName } = c.req.valid("param");
      await conn.cluster.removeNodeGroup(Name, NodeGroupName);
      return c.json({ Result: "true" as const }, 200);
    },
  );
  bodyCall(app, {
    method: "put",
    path: "/spider/cluster/{Name}/nodegroup/{NodeGroupName}/onautoscaling",
    tag,
    summary: "Switches a node group's auto scaling on or off",
    params: groupParams,
    body: z.object({ ConnectionName: connectionNameSchema, ReqInfo: z.object({ OnAutoScaling: z.string().max(8) }) }),
    answer: booleanInfoSchema,
    run: async (conn, body, { Name, NodeGroupName }) => {
      const on = toBoolean(body.ReqInfo.OnAutoScaling, "ReqInfo.OnAutoScaling");
      await conn.cluster.setNodeGroupAutoScaling(Name, NodeGroupName, on);
      return { Result: "true" as const };
    },
  });
  bodyCall(app, {
    method: "put",
    path: "/spider/cluster/{Name}/nodegroup/{NodeGroupName}/autoscalesize",
    tag,
    summary: "Sets a node group's desired, minimum and maximum node counts; answers once it is Active",
    params: groupParams,
    body: z.object({ ConnectionName: connectionNameSchema, ReqInfo: sizesRequest }),
    answer: nodeGroupInfoSchema,
    run: async (conn, body, { Name, NodeGroupName }) =>
      toNodeGroup(await conn.cluster.changeNodeGroupScaling(Name, NodeGroupName, toSizes(body.ReqInfo, "ReqInfo"))),
  });
  bodyCall(app, {
    method: "put",
    path: "/spider/cluster/{Name}/upgrade",
    tag,
    summary: "Upgrades the cluster to an offered Kubernetes version; answers once it is Active",
    params: z.object({ Name: nameSchema }),
    body: z.object({ ConnectionName: connectionNameSchema, ReqInfo: z.object({ Version: z.string().min(1).max(64) }) }),
    answer: clusterInfoSchema,
    run: async (conn, body, { Name }) => toCluster(await conn.cluster.upgrade(Name, body.ReqInfo.Version)),
    headers: noStore,
  });
}

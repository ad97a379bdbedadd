import type { Cluster, Nodegroup } from "@aws-sdk/client-eks";
import { BaristaError, kubeconfig } from "@cloud-barista/core/driver";
import type {
  CallContext,
  ClusterHandler,
  ClusterInfo,
  ClusterStatus,
  DriverNodeGroupRequest,
  IID,
  NodeGroupInfo,
  NodeGroupStatus,
} from "@cloud-barista/core/driver";
import { eksToken } from "../eks-token.js";
import { invalid } from "../errors.js";
import type { AwsSession, EksRoles } from "../session.js";

// Amazon EKS through @aws-sdk/client-eks: a cluster is addressed by its name (its IID's systemId
// too), node groups are managed node groups, and a node group's nodes are the EC2 instances EKS
// tags with eks:cluster-name and eks:nodegroup-name. The kubeconfig carries an EKS token the driver
// signs itself (see eks-token.ts): it expires after 15 minutes; get the cluster again for a new one.

const clusterStatus: Readonly<Record<string, ClusterStatus>> = {
  CREATING: "Creating",
  PENDING: "Creating",
  ACTIVE: "Active",
  UPDATING: "Updating",
  DELETING: "Deleting",
  FAILED: "Failed",
};

const nodeGroupStatus: Readonly<Record<string, NodeGroupStatus>> = {
  CREATING: "Creating",
  ACTIVE: "Active",
  UPDATING: "Updating",
  DELETING: "Deleting",
  CREATE_FAILED: "Failed",
  DELETE_FAILED: "Failed",
  DEGRADED: "Inactive",
};

const nameOf = (iid: IID) => iid.systemId || iid.nameId;

function roles(session: AwsSession): EksRoles {
  const eks = session.settings.eks;
  if (!eks?.clusterRoleArn || !eks.nodeRoleArn) {
    throw invalid(
      "eks",
      "required",
      "EKS needs IAM roles: create the driver with { eks: { clusterRoleArn, nodeRoleArn } } (see docs/drivers/aws.md)",
    );
  }
  return eks;
}

/** A clientRequestToken (at most 64 characters) derived from the runtime's idempotency token. */
const tokenFor = (base: string, suffix = "") => `${base}${suffix}`.slice(-64);

async function nodesOf(session: AwsSession, ctx: CallContext, cluster: string): Promise<Map<string, IID[]>> {
  const byGroup = new Map<string, IID[]>();
  const pages = session.pages(
    (NextToken) =>
      session.ec2(ctx, "DescribeInstances", {
        Filters: [
          { Name: "tag:eks:cluster-name", Values: [cluster] },
          { Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] },
        ],
        MaxResults: session.settings.pageSize,
        ...(NextToken ? { NextToken } : {}),
      }),
    (page) => page.Reservations?.flatMap((r) => r.Instances ?? []),
  );
  for await (const instance of pages) {
    const group = instance.Tags?.find((t) => t.Key === "eks:nodegroup-name")?.Value ?? "";
    const name = instance.Tags?.find((t) => t.Key === "Name")?.Value ?? instance.InstanceId ?? "";
    byGroup.set(group, [...(byGroup.get(group) ?? []), { nameId: name, systemId: instance.InstanceId ?? "" }]);
  }
  return byGroup;
}

function toNodeGroupInfo(group: Nodegroup, nodes: IID[]): NodeGroupInfo {
  const size = group.scalingConfig ?? {};
  return {
    iid: { nameId: group.nodegroupName ?? "", systemId: group.nodegroupName ?? "" },
    specName: group.instanceTypes?.[0] ?? "",
    ...(group.diskSize ? { rootDiskSizeGB: group.diskSize } : {}),
    ...(group.remoteAccess?.ec2SshKey
      ? { keyPairIID: { nameId: group.remoteAccess.ec2SshKey, systemId: group.remoteAccess.ec2SshKey } }
      : {}),
    // Managed node groups scale between min and max (with the Cluster Autoscaler); no separate switch.
    onAutoScaling: (size.minSize ?? 0) !== (size.maxSize ?? 0),
    desiredNodeSize: size.desiredSize ?? 0,
    minNodeSize: size.minSize ?? 0,
    maxNodeSize: size.maxSize ?? 0,
    status: nodeGroupStatus[group.status ?? ""] ?? "Inactive",
    nodes,
    ...(group.tags ? { tags: group.tags } : {}),
    extra: {
      nativeState: group.status ?? "",
      ...(group.nodegroupArn ? { arn: group.nodegroupArn } : {}),
      ...(group.amiType ? { amiType: group.amiType } : {}),
    },
  };
}

async function tokenOf(session: AwsSession, cluster: string): Promise<string> {
  const client = session.clients.of("eks") as unknown as {
    config: { credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> };
  };
  const credentials = await client.config.credentials();
  return eksToken({ clusterName: cluster, region: session.region, credentials, now: new Date() });
}

async function describe(session: AwsSession, ctx: CallContext, name: string): Promise<ClusterInfo> {
  const { cluster } = await session.eks(ctx, "DescribeCluster", { name });
  if (!cluster?.name) throw new BaristaError("NotFound", `EKS cluster ${name} not found`, { resourceType: "cluster" });
  const groups: Nodegroup[] = [];
  if (cluster.status === "ACTIVE" || cluster.status === "UPDATING") {
    const { nodegroups = [] } = await session.eks(ctx, "ListNodegroups", { clusterName: name });
    for (const nodegroupName of nodegroups) {
      const { nodegroup } = await session.eks(ctx, "DescribeNodegroup", { clusterName: name, nodegroupName });
      if (nodegroup) groups.push(nodegroup);
    }
  }
  const nodes = groups.length > 0 ? await nodesOf(session, ctx, name) : new Map<string, IID[]>();
  return toClusterInfo(session, cluster, groups, nodes);
}

async function toClusterInfo(
  session: AwsSession,
  cluster: Cluster,
  groups: Nodegroup[],
  nodes: Map<string, IID[]>,
): Promise<ClusterInfo> {
  const name = cluster.name ?? "";
  const vpc = cluster.resourcesVpcConfig ?? {};
  const ca = cluster.certificateAuthority?.data;
  const ready = cluster.endpoint && ca;
  return {
    iid: { nameId: name, systemId: name },
    version: cluster.version ?? "",
    network: {
      vpcIID: { nameId: vpc.vpcId ?? "", systemId: vpc.vpcId ?? "" },
      subnetIIDs: (vpc.subnetIds ?? []).map((id) => ({ nameId: id, systemId: id })),
      securityGroupIIDs: (vpc.securityGroupIds ?? []).map((id) => ({ nameId: id, systemId: id })),
    },
    nodeGroups: groups.map((g) => toNodeGroupInfo(g, nodes.get(g.nodegroupName ?? "") ?? [])),
    accessInfo: ready
      ? {
          endpoint: cluster.endpoint ?? "",
          kubeconfig: kubeconfig({
            name,
            server: cluster.endpoint ?? "",
            caCertificate: Buffer.from(ca, "base64").toString("utf8"),
            user: { token: await tokenOf(session, name) },
          }),
        }
      : { endpoint: "", kubeconfig: "" },
    status: clusterStatus[cluster.status ?? ""] ?? "Inactive",
    ...(cluster.createdAt ? { createdAt: cluster.createdAt } : {}),
    ...(cluster.tags ? { tags: cluster.tags } : {}),
    extra: {
      nativeState: cluster.status ?? "",
      ...(cluster.arn ? { arn: cluster.arn } : {}),
      ...(cluster.platformVersion ? { platformVersion: cluster.platformVersion } : {}),
    },
  };
}

function nodegroupInput(
  session: AwsSession,
  cluster: string,
  subnets: string[],
  request: DriverNodeGroupRequest,
  token: string,
) {
  return {
    clusterName: cluster,
    nodegroupName: request.name,
    nodeRole: roles(session).nodeRoleArn,
    subnets,
    instanceTypes: [request.specName],
    scalingConfig: { minSize: request.minNodeSize, maxSize: request.maxNodeSize, desiredSize: request.desiredNodeSize },
    ...(request.rootDiskSizeGB ? { diskSize: request.rootDiskSizeGB } : {}),
    remoteAccess: { ec2SshKey: request.keyPairIID.nameId },
    ...(request.tags ? { tags: request.tags } : {}),
    clientRequestToken: token,
  };
}

/** Polls until the cluster is ACTIVE (EKS takes node groups only then). */
function waitActive(session: AwsSession, ctx: CallContext, name: string): Promise<unknown> {
  return ctx.waitUntil({
    description: `EKS cluster ${name} to be ACTIVE`,
    deadline: "cluster",
    read: async () => (await session.eks(ctx, "DescribeCluster", { name })).cluster?.status ?? "",
    accept: (status) => (status === "ACTIVE" ? "success" : status === "FAILED" ? "failure" : "retry"),
  });
}

/** Deletes a cluster's node groups, waits until they are gone, then deletes the cluster. */
async function deleteCluster(session: AwsSession, ctx: CallContext, name: string): Promise<void> {
  const { nodegroups = [] } = await session.eks(ctx, "ListNodegroups", { clusterName: name });
  for (const nodegroupName of nodegroups) {
    await session.eks(ctx, "DeleteNodegroup", { clusterName: name, nodegroupName }).catch((error: unknown) => {
      if (!(error instanceof BaristaError && error.code === "NotFound")) throw error;
    });
  }
  if (nodegroups.length > 0) {
    await ctx.waitUntil({
      description: `the node groups of EKS cluster ${name} to be deleted`,
      deadline: "cluster",
      read: async () => (await session.eks(ctx, "ListNodegroups", { clusterName: name })).nodegroups ?? [],
      accept: (left) => (left.length === 0 ? "success" : "retry"),
    });
  }
  await session.eks(ctx, "DeleteCluster", { name });
}

export function createClusterHandler(session: AwsSession): ClusterHandler {
  return {
    async *versions(ctx) {
      let nextToken: string | undefined;
      do {
        const page = await session.eks(ctx, "DescribeClusterVersions", nextToken ? { nextToken } : {});
        for (const v of page.clusterVersions ?? []) {
          if (!v.clusterVersion) continue;
          yield {
            version: v.clusterVersion,
            ...(v.defaultVersion ? { default: true } : {}),
            ...(v.versionStatus === "EXTENDED_SUPPORT" ? { deprecated: true } : {}),
          };
        }
        nextToken = page.nextToken;
      } while (nextToken);
    },

    // The cluster first, then (once it is ACTIVE, as EKS requires) its node groups; whatever was
    // made is deleted again when a later step fails.
    async create(request, ctx) {
      const eksRoles = roles(session);
      const subnets = request.subnetIIDs.map(nameOf);
      return ctx.compensate(async (undo) => {
        await session.eks(ctx, "CreateCluster", {
          name: request.name,
          version: request.version,
          roleArn: eksRoles.clusterRoleArn,
          resourcesVpcConfig: {
            subnetIds: subnets,
            securityGroupIds: request.securityGroupIIDs.map(nameOf),
            endpointPublicAccess: true,
          },
          ...(request.tags ? { tags: request.tags } : {}),
          clientRequestToken: tokenFor(request.idempotencyToken),
        });
        undo(`EKS cluster ${request.name}`, (c) => deleteCluster(session, c, request.name));
        if (request.nodeGroups.length > 0) await waitActive(session, ctx, request.name);
        for (const group of request.nodeGroups) {
          await session.eks(
            ctx,
            "CreateNodegroup",
            nodegroupInput(session, request.name, subnets, group, tokenFor(request.idempotencyToken, `-${group.name}`)),
          );
        }
        return describe(session, ctx, request.name);
      });
    },

    get: (cluster, ctx) => describe(session, ctx, nameOf(cluster)),

    async *list(ctx) {
      let nextToken: string | undefined;
      do {
        const page = await session.eks(ctx, "ListClusters", {
          maxResults: Math.min(session.settings.pageSize, 100),
          ...(nextToken ? { nextToken } : {}),
        });
        for (const name of page.clusters ?? []) yield await describe(session, ctx, name);
        nextToken = page.nextToken;
      } while (nextToken);
    },

    delete: (cluster, ctx) => deleteCluster(session, ctx, nameOf(cluster)),

    async addNodeGroup(cluster, request, ctx) {
      const name = nameOf(cluster);
      const { cluster: described } = await session.eks(ctx, "DescribeCluster", { name });
      const subnets = described?.resourcesVpcConfig?.subnetIds ?? [];
      const { nodegroup } = await session.eks(
        ctx,
        "CreateNodegroup",
        nodegroupInput(session, name, subnets, request, tokenFor(`${name}-${request.name}`)),
      );
      if (!nodegroup) throw new BaristaError("ProviderError", "CreateNodegroup answered no node group");
      return toNodeGroupInfo(nodegroup, []);
    },

    async removeNodeGroup(cluster, nodeGroup, ctx) {
      await session.eks(ctx, "DeleteNodegroup", { clusterName: nameOf(cluster), nodegroupName: nameOf(nodeGroup) });
    },

    setNodeGroupAutoScaling() {
      return Promise.reject(
        new BaristaError(
          "NotSupported",
          "AWS does not support cluster.autoScaling (EKS scales between minSize and maxSize)",
          {
            provider: "AWS",
          },
        ),
      );
    },

    async changeNodeGroupScaling(cluster, nodeGroup, size, ctx) {
      const clusterName = nameOf(cluster);
      const nodegroupName = nameOf(nodeGroup);
      await session.eks(ctx, "UpdateNodegroupConfig", {
        clusterName,
        nodegroupName,
        scalingConfig: { minSize: size.min, maxSize: size.max, desiredSize: size.desired },
      });
      const { nodegroup } = await session.eks(ctx, "DescribeNodegroup", { clusterName, nodegroupName });
      if (!nodegroup) throw new BaristaError("NotFound", `node group ${nodegroupName} not found`);
      return toNodeGroupInfo(nodegroup, (await nodesOf(session, ctx, clusterName)).get(nodegroupName) ?? []);
    },

    async upgrade(cluster, version, ctx) {
      const name = nameOf(cluster);
      await session.eks(ctx, "UpdateClusterVersion", { name, version });
      return describe(session, ctx, name);
    },
  };
}

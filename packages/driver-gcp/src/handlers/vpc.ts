import { collect, ignoreNotFound } from "@cloud-barista/core/driver";
import type { CallContext, IID, SubnetInfo, VpcHandler, VpcInfo } from "@cloud-barista/core/driver";
import type { protos } from "@google-cloud/compute";
import { invalid } from "../errors.js";
import { checkName, lastSegment } from "../names.js";
import type { GcpSession } from "../session.js";

type Network = protos.google.cloud.compute.v1.INetwork;
type Subnetwork = protos.google.cloud.compute.v1.ISubnetwork;

const subnetInfo = (s: Subnetwork): SubnetInfo => ({
  iid: { nameId: s.name ?? "", systemId: s.name ?? "" },
  ...(s.ipCidrRange ? { ipv4Cidr: s.ipCidrRange } : {}),
});

/** The network a subnetwork belongs to, by name (its `network` URL's last segment). */
export const networkOf = (s: Subnetwork) => lastSegment(s.network);

const toInfo = (network: Network, subnets: readonly Subnetwork[]): VpcInfo => ({
  iid: { nameId: network.name ?? "", systemId: network.name ?? "" },
  subnets: subnets.filter((s) => networkOf(s) === network.name).map(subnetInfo),
});

/** Refuses tags where Compute Engine keeps no labels (networks, subnetworks, firewalls). */
export function refuseTags(tags: Readonly<Record<string, string>> | undefined, what: string): void {
  if (tags && Object.keys(tags).length > 0) {
    throw invalid("tags", "gcp-no-labels", `Compute Engine ${what} carry no labels; tag VMs, disks and images`);
  }
}

/**
 * VPCs are VPC networks in custom-subnet mode (`autoCreateSubnetworks: false`, regional routing):
 * global, without an address range of their own; their subnets are subnetworks of the
 * connection's region. Every insert and delete runs to the end of its Operation. The IIDs'
 * system ids are the resources' names (Compute Engine addresses them by name).
 */
export function createVpcHandler(session: GcpSession): VpcHandler {
  const { region } = session.settings;
  const subnetworks = (ctx: CallContext) =>
    session.pages(
      ctx,
      "compute.subnetworks.list",
      (c, o, page) => c.subnetworks.list({ project: session.project, region, ...page }, o),
      (s: Subnetwork) => s,
    );
  const getNetwork = async (ctx: CallContext, name: string) => {
    const [network] = await session.call(ctx, "compute.networks.get", (c, o) =>
      c.networks.get({ project: session.project, network: name }, o),
    );
    return network;
  };
  const read = async (ctx: CallContext, name: string) => {
    const network = await getNetwork(ctx, name);
    return toInfo(network, await collect(subnetworks(ctx)));
  };
  const insertSubnet = (ctx: CallContext, network: string, subnet: { name: string; ipv4Cidr: string }) =>
    session.mutate(
      ctx,
      "compute.subnetworks.insert",
      (c, o, requestId) =>
        c.subnetworks.insert(
          {
            project: session.project,
            region,
            requestId,
            subnetworkResource: {
              name: checkName(subnet.name, "subnets.name"),
              network: session.globalPath("networks", network),
              ipCidrRange: subnet.ipv4Cidr,
            },
          },
          o,
        ),
      `subnetwork ${subnet.name} to be made`,
    );
  const deleteSubnet = (ctx: CallContext, name: string) =>
    session.mutate(
      ctx,
      "compute.subnetworks.delete",
      (c, o, requestId) => c.subnetworks.delete({ project: session.project, region, subnetwork: name, requestId }, o),
      `subnetwork ${name} to be deleted`,
    );
  const deleteNetwork = (ctx: CallContext, name: string) =>
    session.mutate(
      ctx,
      "compute.networks.delete",
      (c, o, requestId) => c.networks.delete({ project: session.project, network: name, requestId }, o),
      `network ${name} to be deleted`,
    );
  return {
    async create(request, ctx) {
      checkName(request.name);
      for (const s of request.subnets) checkName(s.name, "subnets.name");
      refuseTags(request.tags, "networks");
      await session.ready(ctx);
      return ctx.compensate(async (undo) => {
        await session.mutate(
          ctx,
          "compute.networks.insert",
          (c, o, requestId) =>
            c.networks.insert(
              {
                project: session.project,
                requestId,
                networkResource: {
                  name: request.name,
                  autoCreateSubnetworks: false,
                  routingConfig: { routingMode: "REGIONAL" },
                  ...(request.ipv4Cidr ? { description: `cloud-barista VPC ${request.ipv4Cidr}` } : {}),
                },
              },
              o,
            ),
          `network ${request.name} to be made`,
        );
        ctx.created(request.name);
        undo(`delete network ${request.name}`, (u) => deleteNetwork(u, request.name));
        for (const subnet of request.subnets) {
          await insertSubnet(ctx, request.name, subnet);
          undo(`delete subnetwork ${subnet.name}`, (u) => deleteSubnet(u, subnet.name));
        }
        return ctx.whenVisible([request.name], () => read(ctx, request.name));
      });
    },

    get: (vpc, ctx) => read(ctx, vpc.systemId || vpc.nameId),

    async *list(ctx) {
      await session.ready(ctx);
      const subnets = await collect(subnetworks(ctx));
      yield* session.pages(
        ctx,
        "compute.networks.list",
        (c, o, page) => c.networks.list({ project: session.project, ...page }, o),
        (n: Network) => toInfo(n, subnets),
      );
    },

    async delete(vpc, ctx) {
      const name = vpc.systemId || vpc.nameId;
      await session.ready(ctx);
      const own = (await collect(subnetworks(ctx))).filter((s) => networkOf(s) === name);
      for (const s of own) await deleteSubnet(ctx, s.name ?? "").catch(ignoreNotFound);
      await deleteNetwork(ctx, name);
    },

    async addSubnet(vpc, subnet, ctx) {
      await session.ready(ctx);
      const name = vpc.systemId || vpc.nameId;
      await insertSubnet(ctx, name, subnet);
      ctx.created(subnet.name);
      return read(ctx, name);
    },

    async removeSubnet(_vpc: IID, subnet, ctx) {
      await session.ready(ctx);
      await deleteSubnet(ctx, subnet.systemId || subnet.nameId);
    },
  };
}

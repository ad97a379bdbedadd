import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Tags } from "../../world/types.js";
import { ArmError, badRequest, resourceNotFound } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { NicEntry } from "./front-state.js";
import { networkDeleteAnswer, provisioningState, startOperation } from "./operations.js";
import { cloudOf, liveNic, livePublicIp, loadBalancerUsing } from "./live-entries.js";
import { etagOf, guidOf, inGroup, resourceId } from "./resource-ids.js";

export const nicType = "Microsoft.Network/networkInterfaces";

/** How long a VM delete keeps its interfaces from other VMs (Azure: 180 seconds). */
export const nicReservationMs = 180_000;

interface IpConfigBody {
  name?: unknown;
  properties?: {
    subnet?: { id?: unknown };
    privateIPAllocationMethod?: unknown;
    publicIPAddress?: { id?: unknown };
    primary?: unknown;
  };
}

interface NicBody {
  location?: unknown;
  tags?: Tags;
  properties?: {
    ipConfigurations?: IpConfigBody[];
    networkSecurityGroup?: { id?: unknown };
  };
}

/** The VM (ARM id) a live interface is attached to, if any. */
export function vmOfNic(ctx: ArmContext, entry: NicEntry): string | undefined {
  return cloudOf(ctx, entry.region).networkInterfaces.get(entry.worldId).attachment?.vm.id;
}

/** The 400 ARM answers while a deleted VM still holds an interface. */
export function reservedError(entry: NicEntry): ArmError {
  return badRequest(
    "NicReservedForAnotherVm",
    `Nic(s) in request is reserved for another Virtual Machine for 180 seconds. Please provide another nic(s) or retry after 180 seconds. Reserved VM: ${entry.reserved?.vmId ?? ""}`,
  );
}

export function isReserved(ctx: ArmContext, entry: NicEntry): boolean {
  return entry.reserved !== undefined && ctx.world.clock.now() < entry.reserved.until;
}

function macOf(mac: string): string {
  return mac.toUpperCase().replace(/:/g, "-");
}

export function renderNic(ctx: ArmContext, entry: NicEntry) {
  const nic = cloudOf(ctx, entry.region).networkInterfaces.get(entry.worldId);
  const ip = nic.fixedIps.find((f) => f.subnetId === entry.subnetId)?.ip ?? nic.fixedIps[0]?.ip;
  const state = provisioningState(ctx, entry.createdAt);
  const pip = entry.publicIpId === undefined ? undefined : livePublicIp(ctx, entry.publicIpId);
  const body = {
    id: entry.id,
    name: entry.name,
    type: nicType,
    location: entry.region,
    tags: entry.tags,
    properties: {
      provisioningState: state,
      resourceGuid: guidOf(entry.id, entry.createdAt),
      ipConfigurations: [
        {
          id: `${entry.id}/ipConfigurations/${entry.ipConfigName}`,
          name: entry.ipConfigName,
          type: `${nicType}/ipConfigurations`,
          properties: {
            provisioningState: state,
            ...(ip ? { privateIPAddress: ip } : {}),
            privateIPAllocationMethod: "Dynamic",
            privateIPAddressVersion: "IPv4",
            subnet: { id: entry.subnetId },
            ...(pip ? { publicIPAddress: { id: pip.id } } : {}),
            primary: true,
          },
        },
      ],
      dnsSettings: { dnsServers: [], appliedDnsServers: [] },
      macAddress: macOf(nic.macAddress),
      enableAcceleratedNetworking: false,
      enableIPForwarding: false,
      nicType: "Standard",
      ...(entry.nsgId ? { networkSecurityGroup: { id: entry.nsgId } } : {}),
      ...(nic.attachment ? { primary: nic.attachment.index === 0, virtualMachine: { id: nic.attachment.vm.id } } : {}),
    },
  };
  return { ...body, etag: etagOf(body) };
}

function idOf(value: { id?: unknown } | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value.id !== "string" || value.id === "")
    throw badRequest("InvalidRequestFormat", `${field}.id is required.`, field);
  return value.id;
}

/** PUT, GET, DELETE .../networkInterfaces/{name}; GET .../networkInterfaces lists the group's. */
export async function serveNetworkInterfaces(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
): Promise<FrontResponse> {
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists interfaces.");
    const entries = await gate(ctx, group.location, "NetworkInterfaces_List", () =>
      [...ctx.state.nics.values()].filter((e) => inGroup(ctx, group, e.id) && liveNic(ctx, e.id)),
    );
    return json(200, { value: entries.map((e) => renderNic(ctx, e)) });
  }
  const id = resourceId(ctx, group, nicType, name);
  switch (ctx.request.method) {
    case "GET": {
      const entry = liveNic(ctx, id);
      return gate(ctx, entry?.region ?? group.location, "NetworkInterfaces_Get", () => {
        if (!entry) throw resourceNotFound(nicType, name, group.name);
        return json(200, renderNic(ctx, entry));
      });
    }
    case "PUT": {
      const body = bodyOf<NicBody>(ctx.request);
      const location = checkLocation(ctx, body.location, nicType);
      const configs = body.properties?.ipConfigurations ?? [];
      const config = configs[0];
      if (configs.length !== 1 || !config) {
        throw badRequest(
          configs.length === 0 ? "NetworkInterfaceMustHaveAtLeastOneIpConfiguration" : "UnsupportedByEmulator",
          configs.length === 0
            ? `Network interface ${id} must have one or more IP configurations.`
            : "The emulator serves network interfaces with one IP configuration.",
        );
      }
      const ipConfigName = typeof config.name === "string" && config.name !== "" ? config.name : "ipconfig1";
      const subnetId = idOf(config.properties?.subnet, "properties.ipConfigurations[0].properties.subnet");
      if (subnetId === undefined)
        throw badRequest("InvalidRequestFormat", "Subnet is required for an IP configuration.", "subnet");
      const publicIpId = idOf(
        config.properties?.publicIPAddress,
        "properties.ipConfigurations[0].properties.publicIPAddress",
      );
      const nsgId = idOf(body.properties?.networkSecurityGroup, "properties.networkSecurityGroup");
      const existing = liveNic(ctx, id);
      const entry = await gate(ctx, location, "NetworkInterfaces_CreateOrUpdate", (cloud) => {
        const pip = publicIpId === undefined ? undefined : livePublicIp(ctx, publicIpId);
        if (publicIpId !== undefined && !pip) {
          const pipName = publicIpId.split("/").pop() ?? publicIpId;
          throw new ArmError(
            400,
            "InvalidResourceReference",
            `Resource ${publicIpId} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
            { target: pipName },
          );
        }
        if (pip && pip.region !== location) {
          throw badRequest(
            "InvalidResourceReference",
            `Resource ${pip.id} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
          );
        }
        const holder = pip
          ? [...ctx.state.nics.values()].find(
              (n) => n.publicIpId !== undefined && keyOf(n.publicIpId) === keyOf(pip.id) && keyOf(n.id) !== keyOf(id),
            )
          : undefined;
        if (pip && holder && liveNic(ctx, holder.id)) {
          throw badRequest(
            "PublicIPAddressInUse",
            `Resource ${pip.id} is referenced by resource ${holder.id}/ipConfigurations/${holder.ipConfigName} and cannot be used by ${id}/ipConfigurations/${ipConfigName}.`,
          );
        }
        const balancer = pip ? loadBalancerUsing(ctx, pip.id) : undefined;
        if (pip && balancer) {
          throw badRequest(
            "PublicIPAddressInUse",
            `Resource ${pip.id} is referenced by resource ${balancer.id}/frontendIPConfigurations/${balancer.frontend.name} and cannot be used by ${id}/ipConfigurations/${ipConfigName}.`,
          );
        }
        // ARM checks references before anything else: a subnet or NSG it cannot find is the request's fault.
        const missingRef = (ref: string) =>
          badRequest(
            "InvalidResourceReference",
            `Resource ${ref} referenced by resource ${id} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
          );
        if (cloud.subnets.list({ where: (sn) => sn.id === subnetId }).items.length === 0) throw missingRef(subnetId);
        if (nsgId !== undefined && cloud.securityGroups.list({ where: (g) => g.id === nsgId }).items.length === 0)
          throw missingRef(nsgId);
        const groups = nsgId === undefined ? [] : [nsgId];
        let current = existing;
        if (current) {
          if (keyOf(current.subnetId) !== keyOf(subnetId)) {
            throw badRequest(
              "UnsupportedByEmulator",
              "The emulator does not move a network interface to another subnet.",
              "subnet",
            );
          }
          cloud.networkInterfaces.update(current.worldId, { securityGroupIds: groups });
          const old = current.publicIpId === undefined ? undefined : livePublicIp(ctx, current.publicIpId);
          if (old && old !== pip) cloud.publicIps.disassociate(old.worldId);
          Object.assign(current, { nsgId, publicIpId: pip?.id, ...(body.tags ? { tags: { ...body.tags } } : {}) });
        } else {
          const subnet = cloud.subnets.get(subnetId);
          const nic = cloud.networkInterfaces.create({
            vpcId: subnet.vpcId,
            name,
            fixedIps: [{ subnetId: subnet.id }],
            securityGroupIds: groups,
            tags: body.tags,
          });
          current = {
            id,
            name,
            group: group.name,
            region: location,
            worldId: nic.id,
            createdAt: ctx.world.clock.now(),
            tags: { ...body.tags },
            ipConfigName,
            subnetId: subnet.id,
            nsgId,
            publicIpId: pip?.id,
          };
          ctx.state.nics.set(keyOf(id), current);
        }
        if (pip) cloud.publicIps.associate(pip.worldId, { kind: "network-interface", id: current.worldId });
        return current;
      });
      const headers = startOperation(ctx, { region: location, resourceId: id });
      return json(existing ? 200 : 201, renderNic(ctx, entry), headers);
    }
    case "DELETE": {
      const entry = liveNic(ctx, id);
      const region = entry?.region ?? group.location;
      await gate(ctx, region, "NetworkInterfaces_Delete", (cloud) => {
        if (!entry) return;
        const vm = vmOfNic(ctx, entry);
        if (vm !== undefined) {
          throw badRequest(
            "NicInUse",
            `Network Interface ${id} is used by existing resource ${vm}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
          );
        }
        if (isReserved(ctx, entry)) throw reservedError(entry);
        cloud.networkInterfaces.delete(entry.worldId);
        ctx.state.nics.delete(keyOf(id));
      });
      return networkDeleteAnswer(ctx, entry !== undefined, region, id);
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}

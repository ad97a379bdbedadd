import type { FrontResponse } from "../http-front.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Tags } from "../../world/types.js";
import { ArmError, badRequest, resourceNotFound } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json } from "./context.js";
import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { PublicIpEntry } from "./front-state.js";
import { liveNic, livePublicIp, loadBalancerUsing } from "./live-entries.js";
import { networkDeleteAnswer, provisioningState, startOperation } from "./operations.js";
import { etagOf, guidOf, inGroup, resourceId } from "./resource-ids.js";

export const publicIpType = "Microsoft.Network/publicIPAddresses";

interface PublicIpBody {
  location?: unknown;
  tags?: Tags;
  zones?: unknown;
  sku?: { name?: unknown; tier?: unknown };
  properties?: { publicIPAllocationMethod?: unknown; publicIPAddressVersion?: unknown; deleteOption?: unknown };
}

/** Releases the address of a public IP resource and forgets it. */
export function releasePublicIp(ctx: ArmContext, entry: PublicIpEntry): void {
  const cloud = ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region: entry.region });
  if (cloud.publicIps.list({ where: (p) => p.id === entry.worldId }).items.length > 0)
    cloud.publicIps.release(entry.worldId);
  ctx.state.publicIps.delete(keyOf(entry.id));
}

export function renderPublicIp(ctx: ArmContext, entry: PublicIpEntry) {
  const cloud = ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region: entry.region });
  const address = cloud.publicIps.get(entry.worldId);
  const nic = [...ctx.state.nics.values()].find(
    (n) => n.publicIpId !== undefined && keyOf(n.publicIpId) === keyOf(entry.id) && liveNic(ctx, n.id),
  );
  const lb = nic ? undefined : loadBalancerUsing(ctx, entry.id);
  const body = {
    id: entry.id,
    name: entry.name,
    type: publicIpType,
    location: entry.region,
    tags: entry.tags,
    ...(entry.zones.length > 0 ? { zones: entry.zones } : {}),
    sku: { name: "Standard", tier: "Regional" },
    properties: {
      provisioningState: provisioningState(ctx, entry.createdAt),
      resourceGuid: guidOf(entry.id, entry.createdAt),
      ipAddress: address.address,
      publicIPAddressVersion: "IPv4",
      publicIPAllocationMethod: "Static",
      idleTimeoutInMinutes: 4,
      ipTags: [],
      deleteOption: entry.deleteOption,
      ...(nic ? { ipConfiguration: { id: `${nic.id}/ipConfigurations/${nic.ipConfigName}` } } : {}),
      ...(lb ? { ipConfiguration: { id: `${lb.id}/frontendIPConfigurations/${lb.frontend.name}` } } : {}),
    },
  };
  return { ...body, etag: etagOf(body) };
}

function checkBody(body: PublicIpBody): { deleteOption: "Delete" | "Detach"; zones: string[] } {
  const sku = body.sku?.name ?? "Standard";
  if (sku !== "Standard") {
    throw badRequest(
      "UnsupportedByEmulator",
      `Public IP addresses of SKU ${JSON.stringify(sku)} are not served: Basic SKU public IPs are retired; use Standard.`,
      "sku.name",
    );
  }
  const method = body.properties?.publicIPAllocationMethod ?? "Static";
  if (method !== "Static") {
    throw badRequest(
      "StandardSkuPublicIPAddressesMustBeStatic",
      "Standard sku publicIp addresses must have allocation method Static.",
      "properties.publicIPAllocationMethod",
    );
  }
  const version = body.properties?.publicIPAddressVersion ?? "IPv4";
  if (version !== "IPv4") {
    throw badRequest("UnsupportedByEmulator", `Only IPv4 public addresses are served, not ${JSON.stringify(version)}.`);
  }
  const option = body.properties?.deleteOption ?? "Detach";
  if (option !== "Delete" && option !== "Detach") {
    throw badRequest(
      "InvalidParameter",
      `The value ${JSON.stringify(option)} of deleteOption is not valid.`,
      "deleteOption",
    );
  }
  const zones = Array.isArray(body.zones) ? body.zones.filter((z): z is string => typeof z === "string") : [];
  return { deleteOption: option, zones };
}

/** PUT, GET, DELETE .../publicIPAddresses/{name}; GET .../publicIPAddresses lists the group's. */
export async function servePublicIps(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
): Promise<FrontResponse> {
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists public IPs.");
    const entries = await gate(ctx, group.location, "PublicIPAddresses_List", () =>
      [...ctx.state.publicIps.values()].filter((e) => inGroup(ctx, group, e.id) && livePublicIp(ctx, e.id)),
    );
    return json(200, { value: entries.map((e) => renderPublicIp(ctx, e)) });
  }
  const id = resourceId(ctx, group, publicIpType, name);
  const missing = () => resourceNotFound(publicIpType, name, group.name);
  switch (ctx.request.method) {
    case "GET": {
      const entry = livePublicIp(ctx, id);
      return gate(ctx, entry?.region ?? group.location, "PublicIPAddresses_Get", () => {
        if (!entry) throw missing();
        return json(200, renderPublicIp(ctx, entry));
      });
    }
    case "PUT": {
      const body = bodyOf<PublicIpBody>(ctx.request);
      const location = checkLocation(ctx, body.location, publicIpType);
      const { deleteOption, zones } = checkBody(body);
      const existing = livePublicIp(ctx, id);
      if (existing && existing.region !== location) {
        throw badRequest(
          "InvalidResourceLocation",
          `The resource '${name}' already exists in location '${existing.region}' in resource group '${group.name}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
        );
      }
      const entry = await gate(ctx, location, "PublicIPAddresses_CreateOrUpdate", (cloud) => {
        if (existing) {
          Object.assign(existing, { deleteOption, ...(body.tags ? { tags: { ...body.tags } } : {}) });
          return existing;
        }
        const address = cloud.publicIps.allocate({ tags: body.tags, description: name });
        const made: PublicIpEntry = {
          id,
          name,
          group: group.name,
          region: location,
          worldId: address.id,
          createdAt: ctx.world.clock.now(),
          tags: { ...body.tags },
          zones,
          deleteOption,
        };
        ctx.state.publicIps.set(keyOf(id), made);
        return made;
      });
      const headers = startOperation(ctx, { region: location, resourceId: id });
      return json(existing ? 200 : 201, renderPublicIp(ctx, entry), headers);
    }
    case "DELETE": {
      const entry = livePublicIp(ctx, id);
      const region = entry?.region ?? group.location;
      await gate(ctx, region, "PublicIPAddresses_Delete", () => {
        if (!entry) return;
        const nic = [...ctx.state.nics.values()].find(
          (n) => n.publicIpId !== undefined && keyOf(n.publicIpId) === keyOf(id) && liveNic(ctx, n.id),
        );
        const lb = loadBalancerUsing(ctx, id);
        const user = nic
          ? `${nic.id}/ipConfigurations/${nic.ipConfigName}`
          : lb && `${lb.id}/frontendIPConfigurations/${lb.frontend.name}`;
        if (user) {
          throw badRequest(
            "PublicIPAddressInUse",
            `Public IP address ${id} can not be deleted since it is still allocated to resource ${user}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.`,
          );
        }
        releasePublicIp(ctx, entry);
      });
      return networkDeleteAnswer(ctx, entry !== undefined, region, id);
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}

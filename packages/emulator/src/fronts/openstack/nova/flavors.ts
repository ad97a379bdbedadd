import type { Spec } from "../../../world/resources/catalog-service.js";
import { FrontError, json } from "../http.js";
import { flavorIdOf } from "../ids.js";
import { collectionLinks, pageOf, pageRequest } from "../paging.js";
import type { Route, ServiceCall } from "../service.js";
import { atLeast } from "./microversion.js";
import { extraSpecsOf, findSpecByRef, flavorLinks } from "./render.js";

function flavorView(call: ServiceCall, spec: Spec, detail: boolean): Record<string, unknown> {
  const id = flavorIdOf(spec.name);
  const base = {
    id,
    name: spec.name,
    links: flavorLinks(call, id),
    ...(atLeast(call.microversion, 2, 55) ? { description: null } : {}),
  };
  if (!detail) return base;
  return {
    ...base,
    ram: spec.memoryMiB,
    vcpus: spec.vcpus,
    disk: spec.localDiskGB ?? 0,
    "OS-FLV-EXT-DATA:ephemeral": 0,
    swap: "",
    rxtx_factor: 1.0,
    "os-flavor-access:is_public": true,
    "OS-FLV-DISABLED:disabled": false,
    ...(atLeast(call.microversion, 2, 61) ? { extra_specs: extraSpecsOf(spec) } : {}),
  };
}

function list(detail: boolean): Route["handle"] {
  return (call) =>
    call.call((cloud) => {
      const request = pageRequest(call.url.searchParams, call.ctx.pageSize);
      const page = pageOf(cloud.catalog.listSpecs().items, (s) => flavorIdOf(s.name), request);
      const links = collectionLinks(call.url, request, page);
      return json(200, {
        flavors: page.items.map((s) => flavorView(call, s, detail)),
        ...(links.length > 0 ? { flavors_links: links } : {}),
      });
    });
}

export const flavorRoutes: readonly Route[] = [
  { method: "GET", path: /^\/flavors$/, api: "nova:ListFlavors", handle: list(false) },
  { method: "GET", path: /^\/flavors\/detail$/, api: "nova:ListFlavorsDetailed", handle: list(true) },
  {
    method: "GET",
    path: /^\/flavors\/([^/]+)$/,
    api: "nova:ShowFlavor",
    handle: (call) =>
      call.call((cloud) => {
        const spec = findSpecByRef(cloud, call.params[0] ?? "");
        if (!spec) throw new FrontError(404, `Flavor ${call.params[0] ?? ""} could not be found.`);
        return json(200, { flavor: flavorView(call, spec, true) });
      }),
  },
  {
    method: "GET",
    path: /^\/os-availability-zone$/,
    api: "nova:ListAvailabilityZones",
    handle: (call) =>
      call.call((cloud) =>
        json(200, {
          availabilityZoneInfo: cloud.catalog
            .getRegion(call.region)
            .zones.map((z) => ({ zoneName: z.name, zoneState: { available: z.status === "available" }, hosts: null })),
        }),
      ),
  },
];

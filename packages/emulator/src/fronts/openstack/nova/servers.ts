import type { AccountRegion } from "../../../world/account-region.js";
import type { Vm } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, readJson } from "../http.js";
import { collectionLinks, pageOf, pageRequest } from "../paging.js";
import type { Route, ServiceCall } from "../service.js";
import { createServer, parseCreateServer } from "./create-server.js";
import { novaStateByWorldState, serverSummary, serverView } from "./render.js";

const serverPath = /^\/servers\/([^/]+)$/;

/** Servers that still exist: Nova hides deleted ones from its lists and reads. */
function liveServer(cloud: AccountRegion, id: string): Vm {
  const vm = cloud.vms.get(id);
  if (vm.state === "terminated") throw new FrontError(404, `Instance ${id} could not be found.`);
  return vm;
}

export function requireServer(cloud: AccountRegion, id: string): Vm {
  try {
    return liveServer(cloud, id);
  } catch (error) {
    if (error instanceof FrontError) throw error;
    throw new FrontError(404, `Instance ${id} could not be found.`);
  }
}

/** Nova's list filters: `name` is a regular expression, `status` a Nova status. */
function filtered(call: ServiceCall, cloud: AccountRegion): Vm[] {
  const query = call.url.searchParams;
  const name = query.get("name");
  const status = query.get("status")?.toUpperCase();
  let pattern: RegExp | undefined;
  try {
    pattern = name === null ? undefined : new RegExp(name);
  } catch {
    throw badRequest(`Invalid filter name: ${name ?? ""}`);
  }
  return cloud.vms
    .list({ where: (vm) => vm.state !== "terminated" })
    .items.filter(
      (vm) => (!pattern || pattern.test(vm.name)) && (!status || novaStateByWorldState[vm.state].status === status),
    );
}

function list(detail: boolean): Route["handle"] {
  return (call) =>
    call.call((cloud) => {
      const request = pageRequest(call.url.searchParams, call.ctx.pageSize);
      const page = pageOf(filtered(call, cloud), (vm) => vm.id, request);
      const servers = page.items.map((vm) =>
        detail ? serverView(call, cloud, vm, { detail: true }) : serverSummary(call, vm),
      );
      const links = collectionLinks(call.url, request, page);
      return json(200, { servers, ...(links.length > 0 ? { servers_links: links } : {}) });
    });
}

export const serverRoutes: readonly Route[] = [
  { method: "GET", path: /^\/servers$/, api: "nova:ListServers", handle: list(false) },
  { method: "GET", path: /^\/servers\/detail$/, api: "nova:ListServersDetailed", handle: list(true) },
  {
    method: "GET",
    path: serverPath,
    api: "nova:ShowServer",
    handle: (call) =>
      call.call((cloud) => json(200, { server: serverView(call, cloud, requireServer(cloud, call.params[0] ?? "")) })),
  },
  {
    method: "POST",
    path: /^\/servers$/,
    api: "nova:CreateServer",
    handle: (call) => {
      const body = readJson(call.request);
      const request = parseCreateServer(call, body);
      return call.call((cloud, gate) => {
        // A "background" fault on the call fails the build: the server turns ERROR.
        const { vm, adminPass } = createServer(call, cloud, request, gate);
        const location = `${call.endpoint}/servers/${vm.id}`;
        const server = body["server"] as Record<string, unknown>;
        return json(
          202,
          {
            server: {
              id: vm.id,
              links: serverSummary(call, vm)["links"],
              "OS-DCF:diskConfig": "MANUAL",
              // The create answer echoes the groups asked for, or Nova's default.
              security_groups: server["security_groups"] ?? [{ name: "default" }],
              adminPass,
            },
          },
          { location },
        );
      });
    },
  },
  {
    method: "DELETE",
    path: serverPath,
    api: "nova:DeleteServer",
    handle: (call) =>
      call.call((cloud) => {
        const vm = requireServer(cloud, call.params[0] ?? "");
        cloud.vms.terminate(vm.id);
        return noContent(204);
      }),
  },
];

import { FrontError, json, noContent } from "../http.js";
import type { Route, ServiceCall } from "../service.js";
import { memberFields, memberVm } from "./create.js";
import { bodyOf, flag, integer, onlyKnown, tagsOf, text, unsupported, uuid } from "./input.js";
import { octaviaList, withFields } from "./lists.js";
import { byPool, changeOf, memberOf, notFound } from "./lookup.js";
import { newMember } from "./graph.js";
import type { MemberEntry } from "./graph.js";
import { beginChange, requireChildChangeable } from "./provisioning.js";
import { memberView } from "./render.js";
import type { RenderContext } from "./render.js";
import { isWorldError } from "../../../world/errors.js";

// Pool members, the servers a pool balances to. Creating, changing or deleting one locks its pool,
// listener and load balancer in PENDING_UPDATE and the member in PENDING_CREATE, PENDING_UPDATE or
// PENDING_DELETE; a member being deleted stays listed until its deletion completes.

const membersPath = /^\/lbaas\/pools\/([^/]+)\/members$/;
const memberPath = /^\/lbaas\/pools\/([^/]+)\/members\/([^/]+)$/;

const lockedByMember = (r: RenderContext) => [r.entry, r.entry.listener, r.entry.pool];

function create(call: ServiceCall) {
  const fields = memberFields(bodyOf(call, "member"));
  const subnetId = uuid(bodyOf(call, "member"), "subnet_id");
  return call.call((cloud, gate) => {
    const r = byPool(call, cloud, call.params[0] ?? "");
    if (subnetId !== undefined) {
      try {
        cloud.subnets.get(subnetId);
      } catch (error) {
        if (isWorldError(error, "NotFound")) throw notFound("Subnet", subnetId);
        throw error;
      }
    }
    requireChildChangeable(r.entry, r.nlb, r.now, true);
    if (r.entry.members.some((m) => m.address === fields.address) && fields.protocolPort === r.nlb.targetGroup.port)
      throw new FrontError(
        409,
        `Another member on this pool is already using ip ${fields.address} on protocol_port ${fields.protocolPort}`,
      );
    if (fields.protocolPort !== r.nlb.targetGroup.port)
      throw unsupported("members on a port other than the pool's others");
    const vm = memberVm(cloud, r.nlb.vpc.id, fields.address, subnetId);
    const nlb = cloud.nlbs.addTargets(r.nlb.id, [vm.id]);
    const { protocolPort: _port, address: _address, ...rest } = fields;
    const member = newMember(nlb, vm, r.now, rest);
    r.entry.members.push(member);
    beginChange(changeOf(r, gate), member, "PENDING_CREATE", lockedByMember(r));
    return json(201, { member: memberView({ ...r, nlb }, member) });
  });
}

const updateKeys = ["name", "admin_state_up", "weight", "backup", "monitor_port", "monitor_address", "tags"];

function update(call: ServiceCall) {
  const args = bodyOf(call, "member");
  onlyKnown(args, "member", updateKeys);
  const changes: Partial<MemberEntry> = {
    name: text(args, "name"),
    adminStateUp: flag(args, "admin_state_up"),
    weight: integer(args, "weight", 0, 256),
    backup: flag(args, "backup"),
    monitorPort: integer(args, "monitor_port", 1, 65535),
    monitorAddress: text(args, "monitor_address"),
    tags: tagsOf(args),
  };
  return call.call((cloud, gate) => {
    const r = byPool(call, cloud, call.params[0] ?? "");
    const member = memberOf(r, call.params[1] ?? "");
    requireChildChangeable(r.entry, r.nlb, r.now, true);
    Object.assign(member, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
    beginChange(changeOf(r, gate), member, "PENDING_UPDATE", lockedByMember(r));
    return json(200, { member: memberView(r, member) });
  });
}

function remove(call: ServiceCall) {
  return call.call((cloud, gate) => {
    const r = byPool(call, cloud, call.params[0] ?? "");
    const member = memberOf(r, call.params[1] ?? "");
    requireChildChangeable(r.entry, r.nlb, r.now, true);
    beginChange(changeOf(r, gate), member, "PENDING_DELETE", lockedByMember(r));
    // The data plane lets go at once; a failed deletion keeps the server in the pool.
    if (!gate.failsLater) cloud.nlbs.removeTargets(r.nlb.id, [member.vmId]);
    return noContent(204);
  });
}

export const memberRoutes: readonly Route[] = [
  {
    method: "GET",
    path: membersPath,
    api: "octavia:ListMembers",
    handle: (call) =>
      call.call((cloud) => {
        const r = byPool(call, cloud, call.params[0] ?? "");
        return json(
          200,
          octaviaList(
            call,
            "members",
            r.entry.members.map((m) => memberView(r, m)),
          ),
        );
      }),
  },
  {
    method: "GET",
    path: memberPath,
    api: "octavia:ShowMember",
    handle: (call) =>
      call.call((cloud) => {
        const r = byPool(call, cloud, call.params[0] ?? "");
        return json(200, { member: withFields(call, memberView(r, memberOf(r, call.params[1] ?? ""))) });
      }),
  },
  { method: "POST", path: membersPath, api: "octavia:CreateMember", handle: create },
  { method: "PUT", path: memberPath, api: "octavia:UpdateMember", handle: update },
  { method: "DELETE", path: memberPath, api: "octavia:DeleteMember", handle: remove },
  {
    method: "PUT",
    path: membersPath,
    api: "octavia:BatchUpdateMembers",
    handle: () => {
      throw unsupported("batch updates of members (create, update and delete them one by one)");
    },
  },
];

import type { NlbHandler, NlbInfo } from "@cloud-barista/core/driver";
import type { Nlb } from "@cloud-barista/emulator";
import { idOf, iidOf } from "../session.js";
import type { MockSession } from "../session.js";
import {
  fromWorldHealthCheck,
  fromWorldLbProtocol,
  fromWorldScope,
  fromWorldScheme,
  toWorldHealthCheck,
  toWorldLbProtocol,
  toWorldScheme,
  toWorldScope,
} from "../vocabulary.js";

export function createNlbHandler(session: MockSession): NlbHandler {
  return {
    async create(request, ctx) {
      const nlb = await session.call(ctx, "CreateLoadBalancer", (cloud) =>
        cloud.nlbs.create({
          name: request.name,
          vpcId: idOf(request.vpcIID),
          scheme: toWorldScheme(request.type),
          scope: toWorldScope(request.scope),
          listener: { protocol: toWorldLbProtocol(request.listener.protocol), port: request.listener.port },
          targetGroup: {
            protocol: toWorldLbProtocol(request.vmGroup.protocol),
            port: request.vmGroup.port,
            vmIds: request.vmGroup.vms.map(idOf),
          },
          healthCheck: toWorldHealthCheck(request.healthChecker),
          tags: request.tags,
        }),
      );
      return toNlbInfo(nlb);
    },

    async get(nlb, ctx) {
      return toNlbInfo(await session.call(ctx, "DescribeLoadBalancers", (cloud) => cloud.nlbs.get(idOf(nlb))));
    },

    list: (ctx) => session.list(ctx, "DescribeLoadBalancers", (cloud, page) => cloud.nlbs.list(page), toNlbInfo),

    async delete(nlb, ctx) {
      await session.call(ctx, "DeleteLoadBalancer", (cloud) => cloud.nlbs.delete(idOf(nlb)));
    },

    // Registering a registered VM changes nothing, so a retry is harmless.
    async addVms(nlb, vms, ctx) {
      const updated = await session.call(ctx, "RegisterTargets", (cloud) =>
        cloud.nlbs.addTargets(idOf(nlb), vms.map(idOf)),
      );
      return toNlbInfo(updated);
    },

    async removeVms(nlb, vms, ctx) {
      await session.call(ctx, "DeregisterTargets", (cloud) => cloud.nlbs.removeTargets(idOf(nlb), vms.map(idOf)));
    },

    // Targets still in their first checks count as unhealthy: they take no traffic yet.
    async getHealth(nlb, ctx) {
      const targets = await session.call(ctx, "DescribeTargetHealth", (cloud) => cloud.nlbs.targetHealth(idOf(nlb)));
      return {
        all: targets.map((t) => iidOf(t.vm)),
        healthy: targets.filter((t) => t.state === "healthy").map((t) => iidOf(t.vm)),
        unhealthy: targets.filter((t) => t.state !== "healthy").map((t) => iidOf(t.vm)),
      };
    },
  };
}

function toNlbInfo(nlb: Nlb): NlbInfo {
  return {
    iid: { nameId: nlb.name, systemId: nlb.id },
    vpcIID: iidOf(nlb.vpc),
    type: fromWorldScheme(nlb.scheme),
    scope: fromWorldScope(nlb.scope),
    listener: { ...nlb.listener, protocol: fromWorldLbProtocol(nlb.listener.protocol) },
    vmGroup: {
      protocol: fromWorldLbProtocol(nlb.targetGroup.protocol),
      port: nlb.targetGroup.port,
      vms: nlb.targetGroup.targets.map(iidOf),
    },
    healthChecker: fromWorldHealthCheck(nlb.healthCheck),
    createdAt: new Date(nlb.createdAt),
    tags: nlb.tags,
    extra: { nativeState: nlb.state, subnetId: nlb.subnet.id },
  };
}

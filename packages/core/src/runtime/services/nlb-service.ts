import type { CallContext } from "../../driver/call-context.js";
import type { IID } from "../../model/common.js";
import type { HealthCheckProtocol, HealthChecker, NlbHealthInfo, NlbInfo, NlbRequest } from "../../model/nlb.js";
import { driverIid } from "../connection-runtime.js";
import type { IidMapper } from "../iid-mapper.js";
import type { IidRecord } from "../iid-store.js";
import { trackedCreate } from "../tracked-create.js";
import {
  requireFields,
  requireName,
  requireNames,
  requireOneOf,
  requireOptions,
  requirePort,
  requirePositiveInteger,
} from "../validate.js";
import { operationOptionKeys } from "./options.js";
import type { OperationOptions } from "./options.js";
import { ResourceService, exclusive, shared } from "./resource-service.js";
import type { ReadHandler } from "./resource-service.js";

const nlbProtocols = ["TCP", "UDP"] as const;

function checkHealthChecker(checker: Partial<HealthChecker> | undefined): Partial<HealthChecker> {
  if (checker === undefined) return {};
  requireFields<HealthChecker>("healthChecker", checker, [
    "protocol",
    "port",
    "intervalSec",
    "timeoutSec",
    "threshold",
  ]);
  const out: Partial<HealthChecker> = {};
  if (checker.protocol !== undefined)
    out.protocol = requireOneOf<HealthCheckProtocol>("healthChecker.protocol", checker.protocol, [
      "TCP",
      "HTTP",
      "HTTPS",
    ]);
  if (checker.port !== undefined) out.port = requirePort("healthChecker.port", checker.port);
  if (checker.intervalSec !== undefined)
    out.intervalSec = requirePositiveInteger("healthChecker.intervalSec", checker.intervalSec, 300);
  if (checker.timeoutSec !== undefined)
    out.timeoutSec = requirePositiveInteger("healthChecker.timeoutSec", checker.timeoutSec, 300);
  if (checker.threshold !== undefined)
    out.threshold = requirePositiveInteger("healthChecker.threshold", checker.threshold, 10);
  return out;
}

/** The input of addVms and removeVms: the balancer's name, VM names (none twice) and options. */
function checkVmChange(name: unknown, vmNames: unknown, options: OperationOptions): string[] {
  requireName("name", name);
  const names = requireNames("vmNames", vmNames, { nonEmpty: true });
  requireOptions(options, operationOptionKeys);
  return names;
}

/** Network load balancers: a listener in front of a group of VMs, with health checks. */
export class NlbService extends ResourceService<NlbInfo> {
  protected readonly type = "nlb" as const;

  protected handler(): Promise<ReadHandler<NlbInfo>> {
    return this.rt.handler("nlb");
  }

  protected async toUser(info: NlbInfo, mapper: IidMapper, record: IidRecord): Promise<NlbInfo> {
    return {
      ...info,
      iid: { nameId: record.name, systemId: info.iid.systemId },
      vpcIID: await mapper.user("vpc", info.vpcIID),
      vmGroup: { ...info.vmGroup, vms: await mapper.all("vm", info.vmGroup.vms) },
    };
  }

  /** Creates a network load balancer in front of named VMs. */
  async create(request: NlbRequest, options: OperationOptions = {}): Promise<NlbInfo> {
    requireFields<NlbRequest>(
      "request",
      request,
      ["name", "vpcName", "type", "scope", "listener", "vmGroup", "healthChecker", "tags"],
      "",
    );
    const name = requireName("name", request.name);
    const vpcName = requireName("vpcName", request.vpcName);
    // Absent means the default; null is not absent.
    const type = request.type === undefined ? "PUBLIC" : requireOneOf("type", request.type, ["PUBLIC", "INTERNAL"]);
    const scope = request.scope === undefined ? "REGION" : requireOneOf("scope", request.scope, ["REGION", "GLOBAL"]);
    const listenerIn = requireFields<NlbRequest["listener"]>("listener", request.listener, ["protocol", "port"]);
    const listener = {
      protocol: requireOneOf("listener.protocol", listenerIn.protocol, nlbProtocols),
      port: requirePort("listener.port", listenerIn.port),
    };
    const group = requireFields<NlbRequest["vmGroup"]>("vmGroup", request.vmGroup, ["protocol", "port", "vmNames"]);
    const groupProtocol = requireOneOf("vmGroup.protocol", group.protocol, nlbProtocols);
    const groupPort = requirePort("vmGroup.port", group.port);
    const vmNames = requireNames("vmGroup.vmNames", group.vmNames);
    const healthChecker = checkHealthChecker(request.healthChecker);
    const tags = this.rt.checkTags("tags", request.tags);
    requireOptions(options, operationOptionKeys);
    this.rt.requireTaggable("tags", "nlb", tags);
    const record = this.rt.newRecord("nlb", name, this.rt.cloudName("name", "nlb", name));
    return this.rt.run(
      {
        operation: "nlb.create",
        resourceType: this.type,
        resourceName: name,
        locks: [
          exclusive(this.key(record)),
          shared(this.rt.lockKey("vpc", vpcName)),
          ...vmNames.map((vm) => shared(this.rt.lockKey("vm", vm))),
        ],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const vpc = await this.rt.resolve("vpc", vpcName);
        const vms = await Promise.all(vmNames.map((vm) => this.rt.resolve("vm", vm)));
        const handler = await this.rt.handler("nlb");
        const info = await trackedCreate(
          this.rt,
          ctx,
          record,
          async () => {
            const created = await handler.create(
              {
                name: record.cloudName,
                vpcIID: driverIid(vpc),
                type,
                scope,
                listener,
                vmGroup: { protocol: groupProtocol, port: groupPort, vms: vms.map(driverIid) },
                healthChecker,
                ...(tags ? { tags } : {}),
              },
              ctx,
            );
            return { systemId: created.iid.systemId, result: created };
          },
          [vpc, ...vms],
        );
        return this.toUser(info, this.mapper(), record);
      },
    );
  }

  /** Deletes a load balancer and forgets its name. */
  async delete(name: string, options: OperationOptions = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, operationOptionKeys);
    await this.deleteTracked(name, options, async (record, ctx) => {
      await (await this.rt.handler("nlb")).delete(driverIid(record), ctx);
    });
  }

  /** Adds VMs to a load balancer's group. */
  async addVms(name: string, vmNames: string[], options: OperationOptions = {}): Promise<NlbInfo> {
    const names = checkVmChange(name, vmNames, options);
    this.rt.requireOperation("nlb.addVms");
    return this.#changeVms("addVms", name, names, options, async (record, vms, ctx) => {
      const info = await (await this.rt.handler("nlb")).addVms(driverIid(record), vms, ctx);
      return this.toUser(info, this.mapper(), record);
    });
  }

  /** Removes VMs from a load balancer's group. */
  async removeVms(name: string, vmNames: string[], options: OperationOptions = {}): Promise<void> {
    const names = checkVmChange(name, vmNames, options);
    this.rt.requireOperation("nlb.removeVms");
    await this.#changeVms("removeVms", name, names, options, async (record, vms, ctx) => {
      await (await this.rt.handler("nlb")).removeVms(driverIid(record), vms, ctx);
    });
  }

  /** Which of a load balancer's VMs pass its health check. */
  async getHealth(name: string, options: OperationOptions = {}): Promise<NlbHealthInfo> {
    requireName("name", name);
    requireOptions(options, operationOptionKeys);
    this.rt.requireOperation("nlb.health");
    return this.withRecord("nlb.getHealth", name, "shared", options, async (record, ctx) => {
      const health = await (await this.rt.handler("nlb")).getHealth(driverIid(record), ctx);
      const mapper = this.mapper();
      return {
        all: await mapper.all("vm", health.all),
        healthy: await mapper.all("vm", health.healthy),
        unhealthy: await mapper.all("vm", health.unhealthy),
      };
    });
  }

  #changeVms<T>(
    operation: "addVms" | "removeVms",
    name: string,
    vmNames: string[],
    options: OperationOptions,
    change: (record: IidRecord, vms: IID[], ctx: CallContext) => Promise<T>,
  ): Promise<T> {
    return this.withRecord(
      `nlb.${operation}`,
      name,
      "exclusive",
      { ...options, extraLocks: vmNames.map((vm) => shared(this.rt.lockKey("vm", vm))) },
      async (record, ctx) => {
        const vms = await Promise.all(vmNames.map((vm) => this.rt.resolve("vm", vm)));
        return ctx.whenVisible(
          vms.map((vm) => vm.systemId),
          () => change(record, vms.map(driverIid), ctx),
        );
      },
    );
  }
}

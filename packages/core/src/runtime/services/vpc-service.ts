import { BaristaError, alreadyExists, invalidArgument, notFound } from "../../errors.js";
import type { Tags } from "../../model/common.js";
import type { SubnetInfo, SubnetRequest, VpcInfo, VpcRequest } from "../../model/vpc.js";
import type { Ipv4Network } from "../../util/cidr.js";
import { parseIpv4Cidr } from "../../util/cidr.js";
import { driverIid } from "../connection-runtime.js";
import type { ConnectionRuntime } from "../connection-runtime.js";
import type { IidMapper } from "../iid-mapper.js";
import type { IidRecord } from "../iid-store.js";
import { trackedCreate } from "../tracked-create.js";
import {
  requestLimits,
  requireArray,
  requireCidr,
  requireFields,
  requireName,
  requireOptions,
  requireString,
  requireSubnetLayout,
} from "../validate.js";
import { operationOptionKeys, registerRequestKeys } from "./options.js";
import type { OperationOptions, RegisterRequest } from "./options.js";
import { ResourceService, exclusive } from "./resource-service.js";
import type { ReadHandler } from "./resource-service.js";

interface CheckedSubnet {
  field: string;
  cidr: Ipv4Network;
  tags: Tags | undefined;
}

function checkSubnet(rt: ConnectionRuntime, field: string, subnet: unknown): CheckedSubnet {
  const fields = requireFields<SubnetRequest>(field, subnet, ["name", "ipv4Cidr", "zone", "tags"]);
  requireName(`${field}.name`, fields.name);
  const cidr = requireCidr(`${field}.ipv4Cidr`, fields.ipv4Cidr);
  if (fields.zone !== undefined) requireString(`${field}.zone`, fields.zone);
  const tags = rt.checkTags(`${field}.tags`, fields.tags);
  return { field: `${field}.ipv4Cidr`, cidr, tags };
}

/**
 * A new subnet does not fit the VPC as the cloud has it now (found by reading it, so not an
 * InvalidArgument: the cloud was asked, though nothing was changed).
 */
function layoutConflict(field: string, rule: string, message: string): BaristaError {
  return new BaristaError("Conflict", `${field}: ${message}`, { field, rule, resourceType: "subnet" });
}

/** VPCs and their subnets of a connection (`connection.vpc`). */
export class VpcService extends ResourceService<VpcInfo> {
  protected readonly type = "vpc" as const;

  protected handler(): Promise<ReadHandler<VpcInfo>> {
    return this.rt.handler("vpc");
  }

  protected async toUser(info: VpcInfo, mapper: IidMapper, record: IidRecord): Promise<VpcInfo> {
    const subnets = await Promise.all(
      info.subnets.map(async (s): Promise<SubnetInfo> => ({ ...s, iid: await mapper.user("subnet", s.iid) })),
    );
    return { ...info, iid: { nameId: record.name, systemId: info.iid.systemId }, subnets };
  }

  protected override dependents(record: IidRecord): Promise<IidRecord[]> {
    return this.rt.shared.iids.list(this.rt.name, "subnet", record.name);
  }

  /** Creates a VPC with its subnets. */
  async create(request: VpcRequest, options: OperationOptions = {}): Promise<VpcInfo> {
    requireFields<VpcRequest>("request", request, ["name", "ipv4Cidr", "subnets", "tags"], "");
    const name = requireName("name", request.name);
    const vpcCidr = this.#checkVpcCidr(request.ipv4Cidr);
    const subnets = requireArray<SubnetRequest>("subnets", request.subnets);
    const checked = subnets.map((s, i) => checkSubnet(this.rt, `subnets[${i}]`, s));
    requireSubnetLayout(checked, vpcCidr && { field: "ipv4Cidr", cidr: vpcCidr });
    subnets.forEach((s, i) => {
      if (subnets.findIndex((o) => o.name === s.name) !== i) {
        throw invalidArgument(`subnets[${i}].name`, "unique", `"${s.name}" appears twice`);
      }
    });
    const tags = this.rt.checkTags("tags", request.tags);
    requireOptions(options, operationOptionKeys);
    checked.forEach((s, i) => this.rt.requireTaggable(`subnets[${i}].tags`, "subnet", s.tags));
    this.rt.requireTaggable("tags", "vpc", tags);
    const subnetNames = subnets.map((s, i) => this.rt.cloudName(`subnets[${i}].name`, "subnet", s.name));
    const record: IidRecord = {
      ...this.rt.newRecord("vpc", name, this.rt.cloudName("name", "vpc", name)),
      subnets: subnets.map((s, i) => ({ name: s.name, cloudName: subnetNames[i] ?? "" })),
    };
    const zone = this.rt.region.zone;

    return this.rt.run(
      {
        operation: "vpc.create",
        resourceType: "vpc",
        resourceName: name,
        locks: [exclusive(this.key(record))],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const handler = await this.rt.handler("vpc");
        const info = await trackedCreate(this.rt, ctx, record, async () => {
          const created = await handler.create(
            {
              name: record.cloudName,
              ...(request.ipv4Cidr === undefined ? {} : { ipv4Cidr: request.ipv4Cidr }),
              subnets: subnets.map((s, i) => {
                const subnetTags = checked[i]?.tags;
                return {
                  name: subnetNames[i] ?? "",
                  ipv4Cidr: s.ipv4Cidr,
                  ...((s.zone ?? zone) ? { zone: s.zone ?? zone } : {}),
                  ...(subnetTags ? { tags: subnetTags } : {}),
                };
              }),
              ...(tags ? { tags } : {}),
            },
            ctx,
          );
          const children = subnets.map((s, i) => this.#subnetRecord(created, name, s.name, subnetNames[i] ?? ""));
          return { systemId: created.iid.systemId, result: created, children };
        });
        return this.toUser(info, this.mapper(), { ...record, systemId: info.iid.systemId });
      },
    );
  }

  /** Deletes a VPC (Conflict while security groups are in it) and forgets its name. */
  async delete(name: string, options: OperationOptions = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, operationOptionKeys);
    const groups = (await this.rt.shared.iids.list(this.rt.name, "securityGroup", name)).map((r) => r.name);
    if (groups.length > 0) {
      throw new BaristaError("Conflict", `VPC "${name}" is still used by security group(s) ${groups.join(", ")}`, {
        resourceType: "vpc",
        resourceName: name,
      });
    }
    await this.deleteTracked(name, options, async (record, ctx) => {
      await (await this.rt.handler("vpc")).delete(driverIid(record), ctx);
    });
  }

  /** Adds a subnet to a VPC. */
  async addSubnet(vpcName: string, subnet: SubnetRequest, options: OperationOptions = {}): Promise<VpcInfo> {
    requireName("vpcName", vpcName);
    const checked = checkSubnet(this.rt, "subnet", subnet);
    requireOptions(options, operationOptionKeys);
    this.rt.requireTaggable("subnet.tags", "subnet", checked.tags);
    this.rt.requireOperation("vpc.addSubnet");
    const cloudName = this.rt.cloudName("subnet.name", "subnet", subnet.name);
    return this.withRecord("vpc.addSubnet", vpcName, "exclusive", options, async (vpc, ctx) => {
      // A name the VPC already has is AlreadyExists, whatever its CIDR (checked next) says.
      const taken = await this.rt.shared.iids.get(this.rt.name, "subnet", subnet.name, vpcName);
      if (taken?.state === "ready") throw alreadyExists("subnet", subnet.name, `VPC "${vpcName}"`);
      const handler = await this.rt.handler("vpc");
      const current = await handler.get(driverIid(vpc), ctx);
      const vpcCidr = current.ipv4Cidr === undefined ? undefined : parseIpv4Cidr(current.ipv4Cidr);
      const others = current.subnets.flatMap((s) => {
        const cidr = s.ipv4Cidr === undefined ? undefined : parseIpv4Cidr(s.ipv4Cidr);
        return cidr ? [{ field: `existing subnet ${s.iid.nameId}`, cidr }] : [];
      });
      requireSubnetLayout(
        [...others, checked],
        vpcCidr && { field: `VPC "${vpcName}"`, cidr: vpcCidr },
        layoutConflict,
      );
      const record = this.rt.newRecord("subnet", subnet.name, cloudName, { owner: vpcName });
      const zone = subnet.zone ?? this.rt.region.zone;
      const info = await trackedCreate(this.rt, ctx, record, async () => {
        const updated = await handler.addSubnet(
          driverIid(vpc),
          {
            name: cloudName,
            ipv4Cidr: subnet.ipv4Cidr,
            ...(zone ? { zone } : {}),
            ...(checked.tags ? { tags: checked.tags } : {}),
          },
          ctx,
        );
        const made = this.#subnetRecord(updated, vpcName, subnet.name, cloudName);
        return { systemId: made.systemId, zone: made.zone, result: updated };
      });
      return this.toUser(info, this.mapper(), vpc);
    });
  }

  /** Deletes a subnet of a VPC. */
  async removeSubnet(vpcName: string, subnetName: string, options: OperationOptions = {}): Promise<void> {
    requireName("vpcName", vpcName);
    requireName("subnetName", subnetName);
    requireOptions(options, operationOptionKeys);
    this.rt.requireOperation("vpc.removeSubnet");
    await this.withRecord("vpc.removeSubnet", vpcName, "exclusive", options, async (vpc, ctx) => {
      const subnet = await this.rt.resolve("subnet", subnetName, vpcName);
      await (await this.rt.handler("vpc")).removeSubnet(driverIid(vpc), driverIid(subnet), ctx);
      await this.rt.shared.iids.remove(subnet);
    });
  }

  /** Adopts an existing subnet of a registered VPC. */
  async registerSubnet(vpcName: string, request: RegisterRequest, options: OperationOptions = {}): Promise<SubnetInfo> {
    requireName("vpcName", vpcName);
    requireFields<RegisterRequest>("request", request, registerRequestKeys, "");
    const name = requireName("name", request.name);
    const systemId = requireString("systemId", request.systemId, requestLimits.idLength);
    requireOptions(options, operationOptionKeys);
    return this.withRecord("vpc.registerSubnet", vpcName, "exclusive", options, async (vpc, ctx) => {
      const info = await (await this.rt.handler("vpc")).get(driverIid(vpc), ctx);
      const subnet = info.subnets.find((s) => s.iid.systemId === systemId);
      if (!subnet) throw notFound("subnet", systemId, `VPC "${vpcName}" in the cloud`);
      const record: IidRecord = {
        ...this.rt.newRecord("subnet", name, subnet.iid.nameId, { owner: vpcName }),
        systemId,
        state: "ready",
        ...(subnet.zone ? { zone: subnet.zone } : {}),
      };
      if (!(await this.rt.shared.iids.insert(record))) throw alreadyExists("subnet", name, `VPC "${vpcName}"`);
      return { ...subnet, iid: { nameId: name, systemId } };
    });
  }

  /** Forgets a subnet's name, leaving the subnet in the cloud. */
  async unregisterSubnet(vpcName: string, subnetName: string, options: OperationOptions = {}): Promise<void> {
    requireName("vpcName", vpcName);
    requireName("subnetName", subnetName);
    requireOptions(options, operationOptionKeys);
    await this.withRecord("vpc.unregisterSubnet", vpcName, "exclusive", options, async () => {
      await this.rt.shared.iids.remove(await this.rt.resolve("subnet", subnetName, vpcName));
    });
  }

  #checkVpcCidr(cidr: unknown): Ipv4Network | undefined {
    if (cidr !== undefined) return requireCidr("ipv4Cidr", cidr);
    if (this.rt.driver.capabilities.quirks.vpcCidr) {
      throw invalidArgument("ipv4Cidr", "required", `${this.rt.provider} VPCs need an IPv4 CIDR`);
    }
    return undefined;
  }

  /** The ready record of a subnet the cloud just made, found by its cloud-side name. */
  #subnetRecord(info: VpcInfo, vpcName: string, name: string, cloudName: string): IidRecord {
    const made = info.subnets.find((s) => s.iid.nameId === cloudName);
    if (!made) {
      throw new BaristaError("ProviderError", `the cloud did not report subnet "${name}" after creating it`, {
        provider: this.rt.provider,
      });
    }
    return {
      ...this.rt.newRecord("subnet", name, cloudName, { owner: vpcName }),
      systemId: made.iid.systemId,
      state: "ready",
      ...(made.zone ? { zone: made.zone } : {}),
    };
  }
}

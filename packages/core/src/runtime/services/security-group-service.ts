import { BaristaError } from "../../errors.js";
import type { SecurityGroupInfo, SecurityGroupRequest, SecurityRule } from "../../model/security-group.js";
import { driverIid } from "../connection-runtime.js";
import type { IidMapper } from "../iid-mapper.js";
import type { IidRecord } from "../iid-store.js";
import { trackedCreate } from "../tracked-create.js";
import { requireFields, requireName, requireOptions, requireSecurityRules } from "../validate.js";
import { inVpcOptionKeys, operationOptionKeys, registerRequestKeys } from "./options.js";
import type { InVpcOptions, OperationOptions, RegisterRequest } from "./options.js";

/** Registering a security group may name the VPC it is used in. */
export interface SecurityGroupRegisterRequest extends RegisterRequest {
  /** Required where the cloud ties the group to no VPC (OpenStack); must match where it does. */
  vpcName?: string;
}
import { ResourceService, exclusive, shared } from "./resource-service.js";
import type { ReadHandler } from "./resource-service.js";

/**
 * The request does not fit what the cloud has (found by reading it, so not an InvalidArgument:
 * the cloud was asked, though nothing was changed).
 */
function conflict(field: string, rule: string, message: string): BaristaError {
  return new BaristaError("Conflict", `${field}: ${message}`, { field, rule, resourceType: "securityGroup" });
}

/** The VPC of an options bag, as the owner key of the base service's calls. */
function ownerOption(options: InVpcOptions): { abortSignal?: AbortSignal; owner?: string } {
  return {
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    ...(options.vpcName ? { owner: options.vpcName } : {}),
  };
}

/** Security groups; their names are unique per VPC, as in the clouds. */
export class SecurityGroupService extends ResourceService<SecurityGroupInfo> {
  protected readonly type = "securityGroup" as const;

  protected override get ownerScoped(): boolean {
    return true;
  }

  protected handler(): Promise<ReadHandler<SecurityGroupInfo>> {
    return this.rt.handler("securityGroup");
  }

  protected async toUser(info: SecurityGroupInfo, mapper: IidMapper, record: IidRecord): Promise<SecurityGroupInfo> {
    // A group the cloud ties to no VPC is in the one it was registered with.
    const vpcIID =
      info.vpcIID.systemId === "" && record.owner !== undefined
        ? driverIid(await this.rt.resolve("vpc", record.owner))
        : info.vpcIID;
    return {
      ...info,
      iid: { nameId: record.name, systemId: info.iid.systemId },
      vpcIID: await mapper.user("vpc", vpcIID),
    };
  }

  /**
   * The VPC a registered group belongs to: the one the cloud links it to, or, where groups are
   * not tied to a VPC in the cloud (OpenStack's are project-wide, like each project's "default"),
   * the registered VPC the request names.
   */
  protected override async ownerOf(info: SecurityGroupInfo, request: SecurityGroupRegisterRequest): Promise<string> {
    const { vpcName } = request;
    if (info.vpcIID.systemId === "") {
      if (vpcName === undefined) {
        throw conflict("vpcName", "required", "the group belongs to no VPC in the cloud: name the VPC to use it in");
      }
      return (await this.rt.resolve("vpc", vpcName)).name;
    }
    const vpc = await this.rt.shared.iids.bySystemId(this.rt.name, "vpc", info.vpcIID.systemId);
    if (!vpc) throw conflict("systemId", "vpc-registered", "register the security group's VPC first");
    if (vpcName !== undefined && vpcName !== vpc.name) {
      throw conflict("vpcName", "cloud-vpc", `the group belongs to VPC "${vpc.name}" in the cloud`);
    }
    return vpc.name;
  }

  protected override get registerFields(): readonly string[] {
    return [...registerRequestKeys, "vpcName"];
  }

  /** Adopts an existing group; `vpcName` is required where the cloud ties the group to no VPC. */
  override async register(
    request: SecurityGroupRegisterRequest,
    options: OperationOptions = {},
  ): Promise<SecurityGroupInfo> {
    const fields = requireFields<SecurityGroupRegisterRequest>("request", request, ["name", "systemId", "vpcName"], "");
    if (fields.vpcName !== undefined) requireName("vpcName", fields.vpcName);
    return super.register(request, options);
  }

  /** Creates a security group in a VPC with its rules. */
  async create(request: SecurityGroupRequest, options: OperationOptions = {}): Promise<SecurityGroupInfo> {
    requireFields<SecurityGroupRequest>("request", request, ["name", "vpcName", "rules", "tags"], "");
    const name = requireName("name", request.name);
    const vpcName = requireName("vpcName", request.vpcName);
    const rules = requireSecurityRules("rules", request.rules);
    const tags = this.rt.checkTags("tags", request.tags);
    requireOptions(options, operationOptionKeys);
    this.rt.requireTaggable("tags", "securityGroup", tags);
    const record = this.rt.newRecord("securityGroup", name, this.rt.cloudName("name", "securityGroup", name), {
      owner: vpcName,
    });
    return this.rt.run(
      {
        operation: "securityGroup.create",
        resourceType: this.type,
        resourceName: name,
        locks: [exclusive(this.key(record)), shared(this.rt.lockKey("vpc", vpcName))],
        abortSignal: options.abortSignal,
      },
      async (ctx) => {
        const vpc = await this.rt.resolve("vpc", vpcName);
        const handler = await this.rt.handler("securityGroup");
        const info = await trackedCreate(
          this.rt,
          ctx,
          record,
          async () => {
            const created = await handler.create(
              {
                name: record.cloudName,
                vpcIID: driverIid(vpc),
                rules,
                ...(tags ? { tags } : {}),
              },
              ctx,
            );
            return { systemId: created.iid.systemId, result: created };
          },
          [vpc],
        );
        return this.toUser(info, this.mapper(), record);
      },
    );
  }

  /** One security group by name (in `options.vpcName` when names repeat across VPCs). */
  override async get(name: string, options: InVpcOptions = {}): Promise<SecurityGroupInfo> {
    requireName("name", name);
    return super.get(name, ownerOption(requireOptions(options, inVpcOptionKeys)));
  }

  override async unregister(name: string, options: InVpcOptions = {}): Promise<void> {
    requireName("name", name);
    return super.unregister(name, ownerOption(requireOptions(options, inVpcOptionKeys)));
  }

  /** Deletes a security group and forgets its name. */
  async delete(name: string, options: InVpcOptions = {}): Promise<void> {
    requireName("name", name);
    requireOptions(options, inVpcOptionKeys);
    await this.deleteTracked(name, { ...options, owner: options.vpcName }, async (record, ctx) => {
      await (await this.rt.handler("securityGroup")).delete(driverIid(record), ctx);
    });
  }

  /** Adds rules to a security group. */
  async addRules(name: string, rules: SecurityRule[], options: InVpcOptions = {}): Promise<SecurityGroupInfo> {
    requireName("name", name);
    const checked = requireSecurityRules("rules", rules);
    requireOptions(options, inVpcOptionKeys);
    this.rt.requireOperation("securityGroup.addRules");
    return this.withRecord(
      "securityGroup.addRules",
      name,
      "exclusive",
      { ...options, owner: options.vpcName },
      async (record, ctx) => {
        const info = await (await this.rt.handler("securityGroup")).addRules(driverIid(record), checked, ctx);
        return this.toUser(info, this.mapper(), record);
      },
    );
  }

  /** Removes rules from a security group. */
  async removeRules(name: string, rules: SecurityRule[], options: InVpcOptions = {}): Promise<void> {
    requireName("name", name);
    const checked = requireSecurityRules("rules", rules);
    requireOptions(options, inVpcOptionKeys);
    this.rt.requireOperation("securityGroup.removeRules");
    await this.withRecord(
      "securityGroup.removeRules",
      name,
      "exclusive",
      { ...options, owner: options.vpcName },
      async (record, ctx) => {
        await (await this.rt.handler("securityGroup")).removeRules(driverIid(record), checked, ctx);
      },
    );
  }
}

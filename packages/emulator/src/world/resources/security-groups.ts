import { clustersUsing } from "./clusters.js";
import { ensureQuota } from "../control/quotas.js";
import { WorldError, dependencyViolation, incorrectState } from "../errors.js";
import { requireQuota } from "./quota-usage.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { SecurityGroup, SecurityGroupRule } from "../types.js";
import type { SecurityGroupRecord } from "./records.js";
import type { NewResource, RegionState } from "./region-state.js";
import { normalizeRule, sameRule } from "./security-rules.js";
import { interfaceUsers, interfacesOf } from "./network-interfaces.js";
import { tagRecord } from "./tag-rules.js";

export interface CreateSecurityGroupInput extends NewResource {
  /**
   * The group's VPC. Where groups belong to the account (`accountSecurityGroups`, Azure's NSGs)
   * it may be absent: the group then has no VPC (its `vpc` is `{ id: "", name: "" }`).
   */
  vpcId?: string | undefined;
  description?: string | undefined;
  /** Exactly these rules; the world adds no default egress rule. */
  rules?: SecurityGroupRule[] | undefined;
}

/** Security groups of a VPC and their rules. */
export class SecurityGroupService {
  readonly #state: RegionState;

  constructor(state: RegionState) {
    this.#state = state;
  }

  /** Creates a group with exactly the given rules (InvalidParameter, Duplicate, QuotaExceeded on `securityGroups`). */
  create(input: CreateSecurityGroupInput): SecurityGroup {
    const s = this.#state;
    if (input.vpcId === undefined && !s.catalog.network.accountSecurityGroups) {
      throw new WorldError("InvalidParameter", "vpcId is required", { field: "vpcId" });
    }
    const vpc = input.vpcId === undefined ? { id: "", name: "" } : s.require(s.vpcs, input.vpcId);
    requireQuota(s, "securityGroups");
    const rules = this.#merge([], input.rules ?? [], "rules");
    const base = s.newRecord("security-group", input, () =>
      s.securityGroups
        .all()
        .filter((sg) => sg.vpc.id === vpc.id)
        .map((sg) => sg.name),
    );
    const record: SecurityGroupRecord = {
      ...base,
      vpc: { id: vpc.id, name: vpc.name },
      description: input.description ?? input.name,
      rules,
    };
    s.securityGroups.insert(record);
    return securityGroupView(record);
  }

  /** One group; NotFound when there is none, or it was created within the consistency window. */
  get(id: string): SecurityGroup {
    return securityGroupView(this.#state.read(this.#state.securityGroups, id));
  }

  /** One page of the region's security groups, oldest first. */
  list(options?: ListOptions<SecurityGroup>): ListPage<SecurityGroup> {
    return this.#state.page(this.#state.securityGroups, securityGroupView, options);
  }

  /** Fails with DependencyViolation while a network interface (a VM's, or one on its own) uses the group. */
  delete(id: string): void {
    const s = this.#state;
    const sg = s.require(s.securityGroups, id);
    if (sg.isDefault && s.vpcs.find(sg.vpc.id))
      throw incorrectState("security-group", sg.id, "is its VPC's default group and goes only with it");
    const users = interfacesOf(s).filter((n) => n.securityGroupIds.includes(id));
    if (users.length > 0) throw dependencyViolation("security-group", sg.id, interfaceUsers(users).join(" and "));
    const clusters = clustersUsing(s, id);
    if (clusters.length > 0)
      throw dependencyViolation(
        "security-group",
        sg.id,
        `Kubernetes cluster(s) ${clusters.map((c) => c.name).join(", ")}`,
      );
    s.securityGroups.remove(id);
  }

  /** Adds rules; an identical rule already present is a Duplicate. */
  addRules(id: string, rules: SecurityGroupRule[]): SecurityGroup {
    const sg = this.#state.require(this.#state.securityGroups, id);
    sg.rules = this.#merge(sg.rules, rules, "rules");
    return securityGroupView(sg);
  }

  /** Replaces every rule at once (Azure's PUT of a whole NSG); invalid or duplicate rules change nothing. */
  setRules(id: string, rules: SecurityGroupRule[]): SecurityGroup {
    const sg = this.#state.require(this.#state.securityGroups, id);
    sg.rules = this.#merge([], rules, "rules");
    return securityGroupView(sg);
  }

  /** Removes rules; a rule that is not present is NotFound, and then nothing is removed. */
  removeRules(id: string, rules: SecurityGroupRule[]): SecurityGroup {
    const sg = this.#state.require(this.#state.securityGroups, id);
    const doomed = rules.map((rule, i) => normalizeRule(rule, `rules[${i}]`));
    const missing = doomed.findIndex((rule) => !sg.rules.some((kept) => sameRule(kept, rule)));
    if (missing >= 0) {
      throw new WorldError("NotFound", `rules[${missing}] is not a rule of security group ${id}`, {
        resourceType: "security-group-rule",
        resourceId: id,
        field: `rules[${missing}]`,
      });
    }
    sg.rules = sg.rules.filter((kept) => !doomed.some((rule) => sameRule(kept, rule)));
    return securityGroupView(sg);
  }

  #merge(
    existing: readonly SecurityGroupRule[],
    added: readonly SecurityGroupRule[],
    field: string,
  ): SecurityGroupRule[] {
    const merged = [...existing];
    added.forEach((rule, i) => {
      const normal = normalizeRule(rule, `${field}[${i}]`);
      if (merged.some((kept) => sameRule(kept, normal))) {
        throw new WorldError("Duplicate", `${field}[${i}] duplicates an existing rule`, {
          resourceType: "security-group-rule",
          field: `${field}[${i}]`,
        });
      }
      merged.push(normal);
    });
    const limit = this.#state.limits().rulesPerSecurityGroup;
    for (const direction of ["ingress", "egress"] as const) {
      const count = merged.filter((rule) => rule.direction === direction).length;
      ensureQuota("rulesPerSecurityGroup", limit, count, 0);
    }
    return merged;
  }
}

export function securityGroupView(row: SecurityGroupRecord): SecurityGroup {
  return {
    id: row.id,
    name: row.name,
    kind: "security-group",
    createdAt: row.createdAt,
    tags: tagRecord(row.tags),
    vpc: { ...row.vpc },
    description: row.description,
    rules: row.rules.map((rule) => structuredClone(rule)),
    ...(row.isDefault ? { isDefault: true as const } : {}),
  };
}

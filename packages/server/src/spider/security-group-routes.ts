import { z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { RuleProtocol, SecurityGroupInfo, SecurityRule } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { bodyCall, createCall, queryCall } from "./call-kit.js";
import { collectAll, toIid, toKeyValues } from "./convert.js";
import { resourceFamilyRoutes } from "./resource-kit.js";
import {
  booleanInfoSchema,
  connectionNameSchema,
  iidSchema,
  keyValueListSchema,
  keyValueSchema,
  nameSchema,
} from "./schemas.js";

const tag = "SecurityGroup";

const ruleSchema = z
  .object({
    Direction: z.string().min(1).max(16),
    IPProtocol: z.string().min(1).max(8),
    FromPort: z.string().max(8).optional(),
    ToPort: z.string().max(8).optional(),
    CIDR: z.string().max(64).optional(),
  })
  .openapi("SecurityRuleInfo");
const ruleInfo = z.object({
  Direction: z.string(),
  IPProtocol: z.string(),
  FromPort: z.string(),
  ToPort: z.string(),
  CIDR: z.string(),
});
export const securityInfoSchema = z
  .object({
    IId: iidSchema,
    VpcIID: iidSchema,
    SecurityRules: z.array(ruleInfo),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("SecurityInfo");
const rulesBody = z
  .object({
    ConnectionName: connectionNameSchema,
    ReqInfo: z.object({ RuleInfoList: z.array(ruleSchema).min(1).max(200) }),
  })
  .openapi("RuleControlRequest");

const protocols: readonly RuleProtocol[] = ["TCP", "UDP", "ICMP", "ALL"];

/** A Spider rule ("inbound", "tcp", "22", "22", "0.0.0.0/0") as the SDK's; `field` names it in errors. */
function toRule(rule: z.infer<typeof ruleSchema>, field: string): SecurityRule {
  const direction = rule.Direction.toLowerCase();
  if (direction !== "inbound" && direction !== "outbound") {
    throw badRequest(`${field}.Direction`, "must be inbound or outbound", "enum");
  }
  const protocol = rule.IPProtocol.toUpperCase() as RuleProtocol;
  if (!protocols.includes(protocol)) throw badRequest(`${field}.IPProtocol`, "must be TCP, UDP, ICMP or ALL", "enum");
  const cidr = rule.CIDR || "0.0.0.0/0";
  if (protocol === "ICMP" || protocol === "ALL") return { direction, protocol, cidr };
  const port = (value: string | undefined, name: "FromPort" | "ToPort"): number => {
    if (value === undefined || !/^\d{1,5}$/.test(value))
      throw badRequest(`${field}.${name}`, "must be a port (1-65535)", "port");
    return Number(value);
  };
  return { direction, protocol, fromPort: port(rule.FromPort, "FromPort"), toPort: port(rule.ToPort, "ToPort"), cidr };
}

const toSpiderRule = (r: SecurityRule) => ({
  Direction: r.direction,
  IPProtocol: r.protocol,
  FromPort: r.fromPort === undefined ? "-1" : String(r.fromPort),
  ToPort: r.toPort === undefined ? "-1" : String(r.toPort),
  CIDR: r.cidr,
});

export const toSecurityGroup = (g: SecurityGroupInfo) => ({
  IId: toIid(g.iid),
  VpcIID: toIid(g.vpcIID),
  SecurityRules: g.rules.map(toSpiderRule),
  TagList: toKeyValues(g.tags),
  KeyValueList: toKeyValues(g.extra),
});

/** Security groups: create, list (also per VPC), get, delete, add and remove rules, register, list-all. */
export function securityGroupRoutes(app: OpenAPIHono<ServerEnv>): void {
  createCall(app, {
    path: "/spider/securitygroup",
    tag,
    requestName: "SecurityGroupCreateRequest",
    reqInfo: {
      Name: nameSchema,
      VPCName: nameSchema,
      SecurityRules: z.array(ruleSchema).max(200),
      TagList: keyValueListSchema.optional(),
    },
    info: securityInfoSchema,
    toSpider: toSecurityGroup,
    create: (conn, req, tags) =>
      conn.securityGroup.create({
        name: req.Name,
        vpcName: req.VPCName,
        rules: req.SecurityRules.map((r, i) => toRule(r, `ReqInfo.SecurityRules.${i}`)),
        ...(tags && { tags }),
      }),
  });
  queryCall(app, {
    path: "/spider/securitygroup/vpc/{VPCName}",
    tag,
    summary: "Lists the security groups of one VPC",
    params: z.object({ VPCName: nameSchema }),
    answer: z.object({ securitygroup: z.array(securityInfoSchema) }),
    run: async (conn, { VPCName }) => {
      const all = await collectAll(conn.securityGroup.list());
      return { securitygroup: all.filter((g) => g.vpcIID.nameId === VPCName).map(toSecurityGroup) };
    },
  });
  resourceFamilyRoutes(app, {
    path: "securitygroup",
    listKey: "securitygroup",
    tag,
    info: securityInfoSchema,
    service: (conn) => conn.securityGroup,
    toSpider: toSecurityGroup,
    registerFields: { VPCName: nameSchema.optional() },
    register: (conn, req) =>
      conn.securityGroup.register({
        name: req.Name,
        systemId: req.CSPId,
        ...(typeof req.VPCName === "string" && { vpcName: req.VPCName }),
      }),
  });
  const rulesOf = (body: z.infer<typeof rulesBody>) =>
    body.ReqInfo.RuleInfoList.map((r, i) => toRule(r, `ReqInfo.RuleInfoList.${i}`));
  const rulesCall = {
    tag,
    params: z.object({ SGName: nameSchema }),
    body: rulesBody,
    path: "/spider/securitygroup/{SGName}/rules",
  };
  bodyCall(app, {
    ...rulesCall,
    method: "post",
    summary: "Adds rules; answers the group",
    answer: securityInfoSchema,
    run: async (conn, body, { SGName }) => toSecurityGroup(await conn.securityGroup.addRules(SGName, rulesOf(body))),
  });
  bodyCall(app, {
    ...rulesCall,
    method: "delete",
    answer: booleanInfoSchema,
    run: async (conn, body, { SGName }) => {
      await conn.securityGroup.removeRules(SGName, rulesOf(body));
      return { Result: "true" as const };
    },
  });
}

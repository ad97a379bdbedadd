import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { RuleProtocol, SecurityGroupInfo, SecurityRule } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { collectAll, toIid, toKeyValues, toTags } from "./convert.js";
import { connectionOf } from "./context.js";
import { checkIdTransform } from "./id-transform.js";
import { resourceFamilyRoutes } from "./resource-kit.js";
import { jsonBody, ok } from "./route-kit.js";
import {
  booleanInfoSchema,
  connectionNameSchema,
  connectionQuery,
  idTransformModeSchema,
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
const createBody = z
  .object({
    ConnectionName: connectionNameSchema,
    IDTransformMode: idTransformModeSchema,
    ReqInfo: z.object({
      Name: nameSchema,
      VPCName: nameSchema,
      SecurityRules: z.array(ruleSchema).max(200),
      TagList: keyValueListSchema.optional(),
    }),
  })
  .openapi("SecurityGroupCreateRequest");
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
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/securitygroup",
      tags: [tag],
      request: { body: jsonBody(createBody) },
      responses: ok(securityInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      checkIdTransform(body.IDTransformMode);
      const conn = await connectionOf(c, body.ConnectionName);
      const req = body.ReqInfo;
      const tags = toTags(req.TagList, "ReqInfo.TagList");
      const group = await conn.securityGroup.create({
        name: req.Name,
        vpcName: req.VPCName,
        rules: req.SecurityRules.map((r, i) => toRule(r, `ReqInfo.SecurityRules.${i}`)),
        ...(tags && { tags }),
      });
      return c.json(toSecurityGroup(group), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/spider/securitygroup/vpc/{VPCName}",
      tags: [tag],
      summary: "Lists the security groups of one VPC",
      request: { params: z.object({ VPCName: nameSchema }), query: connectionQuery },
      responses: ok(z.object({ securitygroup: z.array(securityInfoSchema) })),
    }),
    async (c) => {
      const conn = await connectionOf(c, c.req.valid("query").ConnectionName);
      const { VPCName } = c.req.valid("param");
      const all = await collectAll(conn.securityGroup.list());
      return c.json({ securitygroup: all.filter((g) => g.vpcIID.nameId === VPCName).map(toSecurityGroup) }, 200);
    },
  );
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
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/securitygroup/{SGName}/rules",
      tags: [tag],
      summary: "Adds rules; answers the group",
      request: { params: z.object({ SGName: nameSchema }), body: jsonBody(rulesBody) },
      responses: ok(securityInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      const rules = body.ReqInfo.RuleInfoList.map((r, i) => toRule(r, `ReqInfo.RuleInfoList.${i}`));
      return c.json(toSecurityGroup(await conn.securityGroup.addRules(c.req.valid("param").SGName, rules)), 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path: "/spider/securitygroup/{SGName}/rules",
      tags: [tag],
      request: { params: z.object({ SGName: nameSchema }), body: jsonBody(rulesBody) },
      responses: ok(booleanInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      const rules = body.ReqInfo.RuleInfoList.map((r, i) => toRule(r, `ReqInfo.RuleInfoList.${i}`));
      await conn.securityGroup.removeRules(c.req.valid("param").SGName, rules);
      return c.json({ Result: "true" as const }, 200);
    },
  );
}

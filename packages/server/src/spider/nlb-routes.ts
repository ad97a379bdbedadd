import { z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { HealthCheckProtocol, NlbInfo, NlbProtocol } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { bodyCall, createCall, queryCall } from "./call-kit.js";
import { str, toIid, toKeyValues, toPositiveInt, toTime } from "./convert.js";
import { resourceFamilyRoutes } from "./resource-kit.js";
import {
  booleanInfoSchema,
  connectionNameSchema,
  iidSchema,
  keyValueListSchema,
  keyValueSchema,
  nameSchema,
} from "./schemas.js";

const tag = "NLB";

export const nlbInfoSchema = z
  .object({
    IId: iidSchema,
    VpcIID: iidSchema,
    Type: z.string(),
    Scope: z.string(),
    Listener: z.object({ Protocol: z.string(), IP: z.string(), Port: z.string(), DNSName: z.string() }),
    VMGroup: z.object({ Protocol: z.string(), Port: z.string(), VMs: z.array(iidSchema) }),
    HealthChecker: z.object({
      Protocol: z.string(),
      Port: z.string(),
      Interval: z.number().int(),
      Timeout: z.number().int(),
      Threshold: z.number().int(),
    }),
    CreatedTime: z.string(),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("NLBInfo");
const portString = z.string().min(1).max(5);
const createReqInfo = {
  Name: nameSchema,
  VPCName: nameSchema,
  Type: z.enum(["PUBLIC", "INTERNAL"]).optional(),
  Scope: z.enum(["REGION", "GLOBAL"]).optional(),
  Listener: z.object({ Protocol: z.string().max(8), Port: portString }),
  VMGroup: z.object({
    Protocol: z.string().max(8),
    Port: portString,
    VMs: z.array(nameSchema).max(100).optional(),
  }),
  HealthChecker: z
    .object({
      Protocol: z.string().max(8),
      Port: portString,
      Interval: z.string().max(8).optional(),
      Timeout: z.string().max(8).optional(),
      Threshold: z.string().max(8).optional(),
    })
    .optional(),
  TagList: keyValueListSchema.optional(),
};
const vmsBody = z.object({
  ConnectionName: connectionNameSchema,
  ReqInfo: z.object({ VMs: z.array(nameSchema).min(1).max(100) }),
});

const toNlb = (n: NlbInfo) => ({
  IId: toIid(n.iid),
  VpcIID: toIid(n.vpcIID),
  Type: n.type,
  Scope: n.scope,
  Listener: {
    Protocol: n.listener.protocol,
    IP: str(n.listener.ip),
    Port: String(n.listener.port),
    DNSName: str(n.listener.dnsName),
  },
  VMGroup: { Protocol: n.vmGroup.protocol, Port: String(n.vmGroup.port), VMs: n.vmGroup.vms.map(toIid) },
  HealthChecker: {
    Protocol: n.healthChecker.protocol,
    Port: String(n.healthChecker.port),
    Interval: n.healthChecker.intervalSec,
    Timeout: n.healthChecker.timeoutSec,
    Threshold: n.healthChecker.threshold,
  },
  CreatedTime: toTime(n.createdAt),
  TagList: toKeyValues(n.tags),
  KeyValueList: toKeyValues(n.extra),
});

function protocol(value: string, field: string): NlbProtocol {
  const p = value.toUpperCase();
  if (p !== "TCP" && p !== "UDP") throw badRequest(field, "must be TCP or UDP", "enum");
  return p;
}

function port(value: string, field: string): number {
  const n = toPositiveInt(value, field);
  if (n === undefined || n > 65_535) throw badRequest(field, "must be a port (1-65535)", "port");
  return n;
}

/** Network load balancers: create, list, get, delete, add and remove VMs, health, register, list-all. */
export function nlbRoutes(app: OpenAPIHono<ServerEnv>): void {
  createCall(app, {
    path: "/spider/nlb",
    tag,
    requestName: "NLBCreateRequest",
    reqInfo: createReqInfo,
    info: nlbInfoSchema,
    toSpider: toNlb,
    create: (conn, r, tags) => {
      const hc = r.HealthChecker;
      const hcProtocol = hc?.Protocol.toUpperCase();
      if (hcProtocol !== undefined && !["TCP", "HTTP", "HTTPS"].includes(hcProtocol)) {
        throw badRequest("ReqInfo.HealthChecker.Protocol", "must be TCP, HTTP or HTTPS", "enum");
      }
      const interval = toPositiveInt(hc?.Interval, "ReqInfo.HealthChecker.Interval");
      const timeout = toPositiveInt(hc?.Timeout, "ReqInfo.HealthChecker.Timeout");
      const threshold = toPositiveInt(hc?.Threshold, "ReqInfo.HealthChecker.Threshold");
      return conn.nlb.create({
        name: r.Name,
        vpcName: r.VPCName,
        ...(r.Type ? { type: r.Type } : {}),
        ...(r.Scope ? { scope: r.Scope } : {}),
        listener: {
          protocol: protocol(r.Listener.Protocol, "ReqInfo.Listener.Protocol"),
          port: port(r.Listener.Port, "ReqInfo.Listener.Port"),
        },
        vmGroup: {
          protocol: protocol(r.VMGroup.Protocol, "ReqInfo.VMGroup.Protocol"),
          port: port(r.VMGroup.Port, "ReqInfo.VMGroup.Port"),
          vmNames: r.VMGroup.VMs ?? [],
        },
        ...(hc && {
          healthChecker: {
            protocol: hcProtocol as HealthCheckProtocol,
            port: port(hc.Port, "ReqInfo.HealthChecker.Port"),
            ...(interval === undefined ? {} : { intervalSec: interval }),
            ...(timeout === undefined ? {} : { timeoutSec: timeout }),
            ...(threshold === undefined ? {} : { threshold }),
          },
        }),
        ...(tags && { tags }),
      });
    },
  });
  resourceFamilyRoutes(app, {
    path: "nlb",
    listKey: "nlb",
    tag,
    info: nlbInfoSchema,
    service: (conn) => conn.nlb,
    toSpider: toNlb,
    registerFields: { VPCName: nameSchema.optional() },
  });
  const vmsCall = { tag, path: "/spider/nlb/{Name}/vms", params: z.object({ Name: nameSchema }), body: vmsBody };
  bodyCall(app, {
    ...vmsCall,
    method: "post",
    answer: nlbInfoSchema,
    run: async (conn, body, { Name }) => toNlb(await conn.nlb.addVms(Name, body.ReqInfo.VMs)),
  });
  bodyCall(app, {
    ...vmsCall,
    method: "delete",
    answer: booleanInfoSchema,
    run: async (conn, body, { Name }) => {
      await conn.nlb.removeVms(Name, body.ReqInfo.VMs);
      return { Result: "true" as const };
    },
  });
  queryCall(app, {
    path: "/spider/nlb/{Name}/health",
    tag,
    params: z.object({ Name: nameSchema }),
    answer: z.object({
      healthinfo: z.object({
        AllVMs: z.array(iidSchema),
        HealthyVMs: z.array(iidSchema),
        UnHealthyVMs: z.array(iidSchema),
      }),
    }),
    run: async (conn, { Name }) => {
      const h = await conn.nlb.getHealth(Name);
      return {
        healthinfo: {
          AllVMs: h.all.map(toIid),
          HealthyVMs: h.healthy.map(toIid),
          UnHealthyVMs: h.unhealthy.map(toIid),
        },
      };
    },
  });
}

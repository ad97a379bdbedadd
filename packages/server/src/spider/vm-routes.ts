import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { VmInfo, VmStatus } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { createCall, queryCall } from "./call-kit.js";
import { collectAll, emptyIid, str, toIid, toKeyValues, toPositiveInt, toTime } from "./convert.js";
import { connectionOf } from "./context.js";
import { resourceFamilyRoutes } from "./resource-kit.js";
import { ok } from "./route-kit.js";
import { connectionNameSchema, iidSchema, keyValueListSchema, keyValueSchema, nameSchema } from "./schemas.js";

const tag = "VM";

const statusSchema = z.object({ Status: z.string() }).openapi("VMStatusResponse");
export const vmInfoSchema = z
  .object({
    IId: iidSchema,
    StartTime: z.string(),
    Region: z.object({ Region: z.string(), Zone: z.string() }),
    ImageType: z.string(),
    ImageIId: iidSchema,
    VMSpecName: z.string(),
    VpcIID: iidSchema,
    SubnetIID: iidSchema,
    SecurityGroupIIds: z.array(iidSchema),
    KeyPairIId: iidSchema,
    RootDiskType: z.string(),
    RootDiskSize: z.string(),
    RootDeviceName: z.string(),
    DataDiskIIDs: z.array(iidSchema),
    VMUserId: z.string(),
    NetworkInterface: z.string(),
    PublicIP: z.string(),
    PublicDNS: z.string(),
    PrivateIP: z.string(),
    PrivateDNS: z.string(),
    Platform: z.string(),
    SSHAccessPoint: z.string(),
    AccessPoint: z.string(),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("VMInfo");
const startReqInfo = {
  Name: nameSchema,
  ImageType: z.enum(["PublicImage", "MyImage", "default", ""]).optional(),
  ImageName: z.string().min(1).max(512),
  VMSpecName: z.string().min(1).max(256),
  VPCName: nameSchema,
  SubnetName: nameSchema,
  SecurityGroupNames: z.array(nameSchema).min(1).max(16),
  KeyPairName: nameSchema.optional(),
  RootDiskType: z.string().max(64).optional(),
  RootDiskSize: z.string().max(16).optional(),
  DataDiskNames: z.array(nameSchema).max(16).optional(),
  VMUserId: z.string().max(64).optional(),
  VMUserPasswd: z.string().max(128).optional(),
  TagList: keyValueListSchema.optional(),
};
const controlQuery = z.object({
  ConnectionName: connectionNameSchema,
  action: z.enum(["suspend", "resume", "reboot"]),
  /** Not Spider's: wait for the end state (Suspended, Running) instead of answering the transition. */
  wait: z.enum(["true", "false"]).optional(),
});

const platform = (p: VmInfo["platform"]): string => (p === "Windows" ? "WINDOWS" : p === "NA" ? "NA" : "LINUX/UNIX");

export const toVm = (v: VmInfo) => ({
  IId: toIid(v.iid),
  StartTime: toTime(v.startTime),
  Region: { Region: v.region.region, Zone: str(v.region.zone) },
  ImageType: v.imageType,
  ImageIId: toIid(v.imageIID),
  VMSpecName: v.specName,
  VpcIID: toIid(v.vpcIID),
  SubnetIID: toIid(v.subnetIID),
  SecurityGroupIIds: v.securityGroupIIDs.map(toIid),
  KeyPairIId: v.keyPairIID ? toIid(v.keyPairIID) : emptyIid,
  RootDiskType: str(v.rootDiskType),
  RootDiskSize: str(v.rootDiskSizeGB),
  RootDeviceName: str(v.rootDeviceName),
  DataDiskIIDs: v.dataDiskIIDs.map(toIid),
  VMUserId: str(v.vmUserId),
  NetworkInterface: "",
  PublicIP: str(v.publicIp),
  PublicDNS: str(v.publicDns),
  PrivateIP: str(v.privateIp),
  PrivateDNS: str(v.privateDns),
  Platform: platform(v.platform),
  SSHAccessPoint: str(v.sshAccessPoint),
  AccessPoint: str(v.sshAccessPoint),
  TagList: toKeyValues(v.tags),
  KeyValueList: toKeyValues({ ...v.extra, ...(v.status ? { Status: v.status } : {}) }),
});

const status = (s: VmStatus) => ({ Status: s });

/** VMs: start (blocks until Running, as Spider does), list, get, status, control, terminate, register, list-all. */
export function vmRoutes(app: OpenAPIHono<ServerEnv>): void {
  createCall(app, {
    path: "/spider/vm",
    tag,
    summary: "Starts a VM and answers once it is Running",
    requestName: "VMStartRequest",
    reqInfo: startReqInfo,
    info: vmInfoSchema,
    toSpider: toVm,
    create: (conn, r, tags) => {
      const rootDiskSizeGB = toPositiveInt(r.RootDiskSize, "ReqInfo.RootDiskSize");
      return conn.vm.create({
        name: r.Name,
        imageType: r.ImageType === "MyImage" ? "MyImage" : "PublicImage",
        image: r.ImageName,
        specName: r.VMSpecName,
        vpcName: r.VPCName,
        subnetName: r.SubnetName,
        securityGroupNames: r.SecurityGroupNames,
        ...(r.KeyPairName ? { keyPairName: r.KeyPairName } : {}),
        ...(r.RootDiskType && r.RootDiskType.toLowerCase() !== "default" ? { rootDiskType: r.RootDiskType } : {}),
        ...(rootDiskSizeGB === undefined ? {} : { rootDiskSizeGB }),
        ...(r.DataDiskNames?.length ? { dataDiskNames: r.DataDiskNames } : {}),
        ...(r.VMUserId ? { vmUserId: r.VMUserId } : {}),
        ...(r.VMUserPasswd ? { vmUserPassword: r.VMUserPasswd } : {}),
        ...(tags && { tags }),
      });
    },
  });
  queryCall(app, {
    path: "/spider/vmstatus",
    tag,
    answer: z.object({ vmstatus: z.array(z.object({ IId: iidSchema, VmStatus: z.string() })) }),
    run: async (conn) => {
      const list = await collectAll(conn.vm.listStatus());
      return { vmstatus: list.map((s) => ({ IId: toIid(s.iid), VmStatus: s.status })) };
    },
  });
  queryCall(app, {
    path: "/spider/vmstatus/{Name}",
    tag,
    params: z.object({ Name: nameSchema }),
    answer: statusSchema,
    run: async (conn, { Name }) => status(await conn.vm.getStatus(Name)),
  });
  for (const method of ["get", "put"] as const) {
    app.openapi(
      createRoute({
        method,
        path: "/spider/controlvm/{Name}",
        tags: [tag],
        summary: "Suspends, resumes or reboots a VM; answers the transitional status (wait=true: the end status)",
        request: { params: z.object({ Name: nameSchema }), query: controlQuery },
        responses: ok(statusSchema),
      }),
      async (c) => {
        const query = c.req.valid("query");
        const conn = await connectionOf(c, query.ConnectionName);
        const { Name } = c.req.valid("param");
        const wait = query.wait === "true";
        return c.json(status(await conn.vm[query.action](Name, { wait })), 200);
      },
    );
  }
  resourceFamilyRoutes(app, {
    path: "vm",
    listKey: "vm",
    tag,
    info: vmInfoSchema,
    service: (conn) => conn.vm,
    toSpider: toVm,
    deleteAnswer: statusSchema,
    deleteResult: () => status("Terminated"),
  });
}

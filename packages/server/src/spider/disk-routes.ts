import { z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { DiskInfo, MyImageInfo } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { bodyCall, createCall } from "./call-kit.js";
import { emptyIid, str, toIid, toKeyValues, toPositiveInt, toTime } from "./convert.js";
import { resourceFamilyRoutes } from "./resource-kit.js";
import { connectionNameSchema, iidSchema, keyValueListSchema, keyValueSchema, nameSchema } from "./schemas.js";

export const diskInfoSchema = z
  .object({
    IId: iidSchema,
    Zone: z.string(),
    DiskType: z.string(),
    DiskSize: z.string(),
    Status: z.string(),
    OwnerVM: iidSchema,
    CreatedTime: z.string(),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("DiskInfo");
export const myImageInfoSchema = z
  .object({
    IId: iidSchema,
    SourceVM: iidSchema,
    Status: z.string(),
    CreatedTime: z.string(),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("MyImageInfo");

export const toDisk = (d: DiskInfo) => ({
  IId: toIid(d.iid),
  Zone: str(d.zone),
  DiskType: d.diskType,
  DiskSize: String(d.diskSizeGB),
  Status: d.status,
  OwnerVM: d.ownerVm ? toIid(d.ownerVm) : emptyIid,
  CreatedTime: toTime(d.createdAt),
  TagList: toKeyValues(d.tags),
  KeyValueList: toKeyValues(d.extra),
});

const toMyImage = (m: MyImageInfo) => ({
  IId: toIid(m.iid),
  SourceVM: toIid(m.sourceVmIID),
  Status: m.status,
  CreatedTime: toTime(m.createdAt),
  TagList: toKeyValues(m.tags),
  KeyValueList: toKeyValues(m.extra),
});

const vmNameBody = z.object({ ConnectionName: connectionNameSchema, ReqInfo: z.object({ VMName: nameSchema }) });
const sizeBody = z.object({
  ConnectionName: connectionNameSchema,
  ReqInfo: z.object({ Size: z.string().min(1).max(16) }),
});

/** Disks (create, resize, attach, detach) and my-images (snapshot a VM), with the usual family routes. */
export function diskRoutes(app: OpenAPIHono<ServerEnv>): void {
  createCall(app, {
    path: "/spider/disk",
    tag: "Disk",
    requestName: "DiskCreateRequest",
    reqInfo: {
      Name: nameSchema,
      Zone: z.string().max(128).optional(),
      DiskType: z.string().max(64).optional(),
      DiskSize: z.string().max(16).optional(),
      TagList: keyValueListSchema.optional(),
    },
    info: diskInfoSchema,
    toSpider: toDisk,
    create: (conn, r, tags) => {
      const size = toPositiveInt(r.DiskSize, "ReqInfo.DiskSize");
      return conn.disk.create({
        name: r.Name,
        ...(r.Zone ? { zone: r.Zone } : {}),
        ...(r.DiskType && r.DiskType.toLowerCase() !== "default" ? { diskType: r.DiskType } : {}),
        ...(size === undefined ? {} : { diskSizeGB: size }),
        ...(tags && { tags }),
      });
    },
  });
  resourceFamilyRoutes(app, {
    path: "disk",
    listKey: "disk",
    tag: "Disk",
    info: diskInfoSchema,
    service: (conn) => conn.disk,
    toSpider: toDisk,
    registerFields: { Zone: z.string().max(128).optional() },
  });
  bodyCall(app, {
    method: "put",
    path: "/spider/disk/{Name}/size",
    tag: "Disk",
    params: z.object({ Name: nameSchema }),
    body: sizeBody,
    answer: z.object({ Result: z.enum(["true", "false"]) }),
    run: async (conn, body, { Name }) => {
      const size = toPositiveInt(body.ReqInfo.Size, "ReqInfo.Size");
      if (size === undefined) throw badRequest("ReqInfo.Size", "must be a size in GB", "integer");
      await conn.disk.resize(Name, size);
      return { Result: "true" as const };
    },
  });
  const vmCall = { method: "put", tag: "Disk", params: z.object({ Name: nameSchema }), body: vmNameBody } as const;
  bodyCall(app, {
    ...vmCall,
    path: "/spider/disk/{Name}/attach",
    answer: diskInfoSchema,
    run: async (conn, body, { Name }) => toDisk(await conn.disk.attach(Name, body.ReqInfo.VMName)),
  });
  bodyCall(app, {
    ...vmCall,
    path: "/spider/disk/{Name}/detach",
    answer: z.object({ Result: z.enum(["true", "false"]) }),
    run: async (conn, body, { Name }) => {
      await conn.disk.detach(Name, body.ReqInfo.VMName);
      return { Result: "true" as const };
    },
  });

  createCall(app, {
    path: "/spider/myimage",
    tag: "MyImage",
    summary: "Snapshots a VM into a my-image",
    requestName: "MyImageSnapshotRequest",
    reqInfo: { Name: nameSchema, SourceVM: nameSchema, TagList: keyValueListSchema.optional() },
    info: myImageInfoSchema,
    toSpider: toMyImage,
    create: (conn, r, tags) => conn.myImage.create({ name: r.Name, sourceVmName: r.SourceVM, ...(tags && { tags }) }),
  });
  resourceFamilyRoutes(app, {
    path: "myimage",
    listKey: "myImage",
    tag: "MyImage",
    info: myImageInfoSchema,
    service: (conn) => conn.myImage,
    toSpider: toMyImage,
  });
}

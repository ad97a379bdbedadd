import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { DiskInfo, MyImageInfo } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { badRequest } from "../http/errors.js";
import { emptyIid, str, toIid, toKeyValues, toPositiveInt, toTags, toTime } from "./convert.js";
import { connectionOf } from "./context.js";
import { checkIdTransform } from "./id-transform.js";
import { resourceFamilyRoutes } from "./resource-kit.js";
import { jsonBody, ok } from "./route-kit.js";
import {
  connectionNameSchema,
  idTransformModeSchema,
  iidSchema,
  keyValueListSchema,
  keyValueSchema,
  nameSchema,
} from "./schemas.js";

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

const diskCreateBody = z
  .object({
    ConnectionName: connectionNameSchema,
    IDTransformMode: idTransformModeSchema,
    ReqInfo: z.object({
      Name: nameSchema,
      Zone: z.string().max(128).optional(),
      DiskType: z.string().max(64).optional(),
      DiskSize: z.string().max(16).optional(),
      TagList: keyValueListSchema.optional(),
    }),
  })
  .openapi("DiskCreateRequest");
const vmNameBody = z.object({ ConnectionName: connectionNameSchema, ReqInfo: z.object({ VMName: nameSchema }) });
const sizeBody = z.object({
  ConnectionName: connectionNameSchema,
  ReqInfo: z.object({ Size: z.string().min(1).max(16) }),
});
const myImageBody = z
  .object({
    ConnectionName: connectionNameSchema,
    IDTransformMode: idTransformModeSchema,
    ReqInfo: z.object({ Name: nameSchema, SourceVM: nameSchema, TagList: keyValueListSchema.optional() }),
  })
  .openapi("MyImageSnapshotRequest");

/** Disks (create, resize, attach, detach) and my-images (snapshot a VM), with the usual family routes. */
export function diskRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/disk",
      tags: ["Disk"],
      request: { body: jsonBody(diskCreateBody) },
      responses: ok(diskInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      checkIdTransform(body.IDTransformMode);
      const conn = await connectionOf(c, body.ConnectionName);
      const r = body.ReqInfo;
      const tags = toTags(r.TagList, "ReqInfo.TagList");
      const size = toPositiveInt(r.DiskSize, "ReqInfo.DiskSize");
      const disk = await conn.disk.create({
        name: r.Name,
        ...(r.Zone ? { zone: r.Zone } : {}),
        ...(r.DiskType && r.DiskType.toLowerCase() !== "default" ? { diskType: r.DiskType } : {}),
        ...(size === undefined ? {} : { diskSizeGB: size }),
        ...(tags && { tags }),
      });
      return c.json(toDisk(disk), 200);
    },
  );
  resourceFamilyRoutes(app, {
    path: "disk",
    listKey: "disk",
    tag: "Disk",
    info: diskInfoSchema,
    service: (conn) => conn.disk,
    toSpider: toDisk,
    registerFields: { Zone: z.string().max(128).optional() },
  });
  app.openapi(
    createRoute({
      method: "put",
      path: "/spider/disk/{Name}/size",
      tags: ["Disk"],
      request: { params: z.object({ Name: nameSchema }), body: jsonBody(sizeBody) },
      responses: ok(z.object({ Result: z.enum(["true", "false"]) })),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const conn = await connectionOf(c, body.ConnectionName);
      const size = toPositiveInt(body.ReqInfo.Size, "ReqInfo.Size");
      if (size === undefined) throw badRequest("ReqInfo.Size", "must be a size in GB", "integer");
      await conn.disk.resize(c.req.valid("param").Name, size);
      return c.json({ Result: "true" as const }, 200);
    },
  );
  for (const action of ["attach", "detach"] as const) {
    app.openapi(
      createRoute({
        method: "put",
        path: `/spider/disk/{Name}/${action}`,
        tags: ["Disk"],
        request: { params: z.object({ Name: nameSchema }), body: jsonBody(vmNameBody) },
        responses: ok(action === "attach" ? diskInfoSchema : z.object({ Result: z.enum(["true", "false"]) })),
      }),
      async (c) => {
        const body = c.req.valid("json");
        const conn = await connectionOf(c, body.ConnectionName);
        const disk = await conn.disk[action](c.req.valid("param").Name, body.ReqInfo.VMName);
        return c.json(action === "attach" ? toDisk(disk) : { Result: "true" as const }, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/myimage",
      tags: ["MyImage"],
      summary: "Snapshots a VM into a my-image",
      request: { body: jsonBody(myImageBody) },
      responses: ok(myImageInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      checkIdTransform(body.IDTransformMode);
      const conn = await connectionOf(c, body.ConnectionName);
      const tags = toTags(body.ReqInfo.TagList, "ReqInfo.TagList");
      const image = await conn.myImage.create({
        name: body.ReqInfo.Name,
        sourceVmName: body.ReqInfo.SourceVM,
        ...(tags && { tags }),
      });
      return c.json(toMyImage(image), 200);
    },
  );
  resourceFamilyRoutes(app, {
    path: "myimage",
    listKey: "myImage",
    tag: "MyImage",
    info: myImageInfoSchema,
    service: (conn) => conn.myImage,
    toSpider: toMyImage,
  });
}

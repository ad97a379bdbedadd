import { createRoute, z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { KeyPairInfo } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { toIid, toKeyValues, toTags } from "./convert.js";
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

const tag = "KeyPair";

export const keyPairInfoSchema = z
  .object({
    IId: iidSchema,
    Fingerprint: z.string(),
    PublicKey: z.string(),
    // Only in the answer to the create: the cloud never gives it again.
    PrivateKey: z.string().optional(),
    VMUserID: z.string(),
    TagList: z.array(keyValueSchema),
    KeyValueList: z.array(keyValueSchema),
  })
  .openapi("KeyPairInfo");
const createBody = z
  .object({
    ConnectionName: connectionNameSchema,
    IDTransformMode: idTransformModeSchema,
    ReqInfo: z.object({ Name: nameSchema, TagList: keyValueListSchema.optional() }),
  })
  .openapi("KeyPairCreateRequest");

export const toKeyPair = (k: KeyPairInfo) => ({
  IId: toIid(k.iid),
  Fingerprint: k.fingerprint,
  PublicKey: k.publicKey ?? "",
  ...(k.privateKey === undefined ? {} : { PrivateKey: k.privateKey }),
  VMUserID: k.vmUserId,
  TagList: toKeyValues(k.tags),
  KeyValueList: toKeyValues(k.extra),
});

/** Key pairs: create (the only answer with the private key), list, get, delete, register, list-all. */
export function keyPairRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(
    createRoute({
      method: "post",
      path: "/spider/keypair",
      tags: [tag],
      request: { body: jsonBody(createBody) },
      responses: ok(keyPairInfoSchema),
    }),
    async (c) => {
      const body = c.req.valid("json");
      checkIdTransform(body.IDTransformMode);
      const conn = await connectionOf(c, body.ConnectionName);
      const tags = toTags(body.ReqInfo.TagList, "ReqInfo.TagList");
      const key = await conn.keyPair.create({ name: body.ReqInfo.Name, ...(tags && { tags }) });
      // A private key is no secret of the server's, but it must never be cached on the way.
      c.header("Cache-Control", "no-store");
      return c.json(toKeyPair(key), 200);
    },
  );
  resourceFamilyRoutes(app, {
    path: "keypair",
    listKey: "keypair",
    tag,
    info: keyPairInfoSchema,
    service: (conn) => conn.keyPair,
    toSpider: (k) => toKeyPair({ ...k, privateKey: undefined }),
  });
}

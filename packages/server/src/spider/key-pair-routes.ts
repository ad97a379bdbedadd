import { z } from "@hono/zod-openapi";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { KeyPairInfo } from "@cloud-barista/core";
import type { ServerEnv } from "../http/env.js";
import { createCall } from "./call-kit.js";
import { toIid, toKeyValues } from "./convert.js";
import { resourceFamilyRoutes } from "./resource-kit.js";
import { iidSchema, keyValueListSchema, keyValueSchema, nameSchema } from "./schemas.js";

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
  createCall(app, {
    path: "/spider/keypair",
    tag,
    requestName: "KeyPairCreateRequest",
    reqInfo: { Name: nameSchema, TagList: keyValueListSchema.optional() },
    info: keyPairInfoSchema,
    toSpider: toKeyPair,
    create: (conn, req, tags) => conn.keyPair.create({ name: req.Name, ...(tags && { tags }) }),
    // A private key is no secret of the server's, but it must never be cached on the way.
    headers: { "Cache-Control": "no-store" },
  });
  resourceFamilyRoutes(app, {
    path: "keypair",
    listKey: "keypair",
    tag,
    info: keyPairInfoSchema,
    service: (conn) => conn.keyPair,
    toSpider: (k) => toKeyPair({ ...k, privateKey: undefined }),
  });
}

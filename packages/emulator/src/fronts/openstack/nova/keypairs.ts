import { createHash } from "node:crypto";
import type { AccountRegion } from "../../../world/account-region.js";
import type { KeyPair } from "../../../world/types.js";
import { FrontError, badRequest, json, noContent, objectField, readJson, stringField } from "../http.js";
import { derivedHexId, isoSeconds } from "../ids.js";
import { collectionLinks, pageOf, pageRequest } from "../paging.js";
import type { Route, ServiceCall } from "../service.js";
import { atLeast } from "./microversion.js";

/** Nova's fingerprint: the MD5 of the key blob, as colon-separated hex. */
function md5Fingerprint(publicKey: string): string {
  const blob = Buffer.from(publicKey.split(/\s+/)[1] ?? "", "base64");
  return (createHash("md5").update(blob).digest("hex").match(/../g) ?? []).join(":");
}

function keypairView(call: ServiceCall, key: KeyPair, detail: boolean): Record<string, unknown> {
  const base = {
    name: key.name,
    public_key: key.publicKey,
    fingerprint: md5Fingerprint(key.publicKey),
    ...(atLeast(call.microversion, 2, 2) ? { type: "ssh" } : {}),
  };
  if (!detail) return base;
  return {
    ...base,
    id: key.createdAt % 100_000,
    user_id: derivedHexId("user", call.claims.userDomain, call.claims.userName),
    created_at: isoSeconds(key.createdAt).replace("Z", ".000000"),
    deleted: false,
    deleted_at: null,
    updated_at: null,
  };
}

function findKey(cloud: AccountRegion, name: string): KeyPair {
  const key = cloud.keyPairs.list({ where: (k) => k.name === name }).items[0];
  if (!key) throw new FrontError(404, `Keypair ${name} not found for user ${name}`);
  return key;
}

export const keypairRoutes: readonly Route[] = [
  {
    method: "GET",
    path: /^\/os-keypairs$/,
    api: "nova:ListKeypairs",
    handle: (call) =>
      call.call((cloud) => {
        const all = cloud.keyPairs.list().items.sort((a, b) => a.name.localeCompare(b.name));
        // Paging of key pairs (by name as marker) arrived with microversion 2.35.
        if (!atLeast(call.microversion, 2, 35))
          return json(200, { keypairs: all.map((k) => ({ keypair: keypairView(call, k, false) })) });
        const request = pageRequest(call.url.searchParams, call.ctx.pageSize);
        const page = pageOf(all, (k) => k.name, request);
        const links = collectionLinks(call.url, request, page);
        return json(200, {
          keypairs: page.items.map((k) => ({ keypair: keypairView(call, k, false) })),
          ...(links.length > 0 ? { keypairs_links: links } : {}),
        });
      }),
  },
  {
    method: "POST",
    path: /^\/os-keypairs$/,
    api: "nova:CreateKeypair",
    handle: async (call) => {
      const args = objectField(readJson(call.request), "keypair");
      const name = stringField(args, "name", true);
      const publicKey = stringField(args, "public_key");
      if (publicKey === undefined && atLeast(call.microversion, 2, 92))
        throw badRequest("'public_key' is a required property");
      if (!/^[A-Za-z0-9 _.@-]{1,255}$/.test(name))
        throw badRequest("Keypair data is invalid: Keypair name contains unsafe characters");
      const status = atLeast(call.microversion, 2, 2) ? 201 : 200;
      return call.call(async (cloud) => {
        if (cloud.keyPairs.list({ where: (k) => k.name === name }).items.length > 0)
          throw new FrontError(409, `Key pair '${name}' already exists.`);
        if (publicKey !== undefined) {
          return json(status, { keypair: keypairView(call, cloud.keyPairs.import({ name, publicKey }), false) });
        }
        const created = await cloud.keyPairs.create({ name });
        return json(status, {
          keypair: {
            ...keypairView(call, created.keyPair, false),
            private_key: created.privateKey,
            user_id: derivedHexId("user", call.claims.userDomain, call.claims.userName),
          },
        });
      });
    },
  },
  {
    method: "GET",
    path: /^\/os-keypairs\/([^/]+)$/,
    api: "nova:ShowKeypair",
    handle: (call) =>
      call.call((cloud) => json(200, { keypair: keypairView(call, findKey(cloud, call.params[0] ?? ""), true) })),
  },
  {
    method: "DELETE",
    path: /^\/os-keypairs\/([^/]+)$/,
    api: "nova:DeleteKeypair",
    handle: (call) =>
      call.call((cloud) => {
        cloud.keyPairs.delete(findKey(cloud, call.params[0] ?? "").id);
        return noContent(atLeast(call.microversion, 2, 2) ? 204 : 202);
      }),
  },
];

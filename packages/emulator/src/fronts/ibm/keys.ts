import type { AccountRegion } from "../../world/account-region.js";
import type { KeyPair } from "../../world/types.js";
import { isWorldError } from "../../world/errors.js";
import type { VpcCall } from "./context.js";
import { crnOf, iso, nameOr, resourceGroupRef } from "./context.js";
import { badRequest, checkName, conflict, enumOf, json, noContent, notFound, refId, stringOf } from "./http.js";
import type { Json } from "./http.js";
import { page } from "./paging.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";

export function requireKey(cloud: AccountRegion, id: string): KeyPair {
  const key = cloud.keyPairs.list({ where: (k) => k.id === id }).items[0];
  if (!key) throw notFound("not_found", `Key ${id} not found.`, id);
  return key;
}

/** The modulus length of an ssh-rsa public key line (2048, 4096, ...). */
function rsaLength(publicKey: string): number {
  const blob = Buffer.from(publicKey.split(/\s+/)[1] ?? "", "base64");
  let offset = 0;
  const next = (): Buffer => {
    const length = blob.readUInt32BE(offset);
    const part = blob.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    return part;
  };
  try {
    next();
    next();
    const modulus = next();
    return (modulus[0] === 0 ? modulus.length - 1 : modulus.length) * 8;
  } catch {
    return 2048;
  }
}

export function keyRef(call: VpcCall, key: { id: string; name: string }): Json {
  return {
    id: key.id,
    crn: crnOf(call.account, call.region.name, "key", key.id),
    href: `${call.base}/keys/${key.id}`,
    name: key.name,
  };
}

function keyView(call: VpcCall, key: KeyPair): Json {
  return {
    ...keyRef(call, key),
    created_at: iso(key.createdAt),
    fingerprint: key.fingerprint,
    length: key.keyType === "rsa" ? rsaLength(key.publicKey) : 256,
    public_key: key.publicKey,
    type: key.keyType,
    resource_group: resourceGroupRef(call, call.front.state.resourceGroups.get(key.id)),
  };
}

export const keyRoutes: Route[] = [
  {
    method: "GET",
    path: path("/keys"),
    api: "list_keys",
    handle: async (call) => {
      const views = await call.call((cloud) => cloud.keyPairs.list().items.map((k) => keyView(call, k)));
      return json(200, page(call.url, "keys", views, call.front.settings.maxPageSize));
    },
  },
  {
    method: "POST",
    path: path("/keys"),
    api: "create_key",
    handle: async (call) => {
      const body = call.body();
      const publicKey = stringOf(body, "public_key", true).trim();
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "key");
      const type = enumOf(stringOf(body, "type") ?? "rsa", ["rsa", "ed25519"], "type");
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud) => {
        const keys = cloud.keyPairs.list().items;
        if (keys.some((k) => k.name === name)) throw conflict("key_name_exists", "The same key name already exists.");
        let key: KeyPair;
        try {
          key = cloud.keyPairs.import({ name, publicKey });
        } catch (error) {
          if (isWorldError(error, "InvalidParameter"))
            throw badRequest(
              "key_parse_failure",
              "The key cannot be created because the public key value is not valid.",
              {
                name: "public_key",
                type: "field",
              },
            );
          throw error;
        }
        if (key.keyType !== type || keys.some((k) => k.fingerprint === key.fingerprint)) {
          cloud.keyPairs.delete(key.id);
          if (key.keyType !== type)
            throw badRequest(
              "key_invalid_type",
              `The key cannot be created because the type is not valid: the key is ${key.keyType}.`,
            );
          throw conflict("key_content_exists", "The same key content already exists.");
        }
        if (resourceGroup !== undefined) call.front.state.resourceGroups.set(key.id, resourceGroup);
        return keyView(call, key);
      });
      return json(201, view);
    },
  },
  {
    method: "GET",
    path: path("/keys/{}"),
    api: "get_key",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      return json(200, await call.call((cloud) => keyView(call, requireKey(cloud, id))));
    },
  },
  {
    method: "DELETE",
    path: path("/keys/{}"),
    api: "delete_key",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      await call.call((cloud) => {
        requireKey(cloud, id);
        // Keys have no status: IBM answers 204 and the key is gone.
        cloud.keyPairs.delete(id);
      });
      return noContent(204);
    },
  },
];

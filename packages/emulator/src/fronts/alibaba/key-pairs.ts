import { createHash } from "node:crypto";
import type { KeyPair } from "../../world/types.js";
import type { ActionRegistration } from "./actions.js";
import { invalidParameter } from "./errors.js";
import { nameParam } from "./names.js";
import { numberedPage } from "./paging.js";
import { ecs } from "./products.js";
import { isoTime, tagSet } from "./render.js";

/** ECS's fingerprint: the MD5 of the public key blob, in hex. */
function fingerprint(key: KeyPair): string {
  const blob = key.publicKey.split(/\s+/)[1] ?? "";
  return createHash("md5").update(Buffer.from(blob, "base64")).digest("hex");
}

const keyPairId = (name: string) => `kp-${createHash("sha256").update(name).digest("hex").slice(0, 20)}`;

function requiredName(c: Parameters<ActionRegistration["handler"]>[0]): string {
  const name = nameParam(c.params, "KeyPairName");
  return name ?? c.params.required("KeyPairName");
}

const createKeyPair: ActionRegistration = {
  product: ecs,
  action: "CreateKeyPair",
  handler: async (c) => {
    const name = requiredName(c);
    const tags = c.params.tags();
    return c.call(async (cloud) => {
      const { keyPair, privateKey } = await cloud.keyPairs.create({ name, tags, keyType: "rsa" });
      return {
        KeyPairId: keyPairId(keyPair.name),
        KeyPairName: keyPair.name,
        KeyPairFingerPrint: fingerprint(keyPair),
        PrivateKeyBody: privateKey,
      };
    });
  },
};

const importKeyPair: ActionRegistration = {
  product: ecs,
  action: "ImportKeyPair",
  handler: async (c) => {
    const name = requiredName(c);
    const publicKey = c.params.required("PublicKeyBody");
    const tags = c.params.tags();
    return c.call((cloud) => {
      const keyPair = cloud.keyPairs.import({ name, publicKey, tags });
      return {
        KeyPairId: keyPairId(keyPair.name),
        KeyPairName: keyPair.name,
        KeyPairFingerPrint: fingerprint(keyPair),
      };
    });
  },
};

const describeKeyPairs: ActionRegistration = {
  product: ecs,
  action: "DescribeKeyPairs",
  handler: async (c) => {
    const pattern = c.params.string("KeyPairName");
    const print = c.params.string("KeyPairFingerPrint");
    const tags = c.params.tags();
    const includePublicKey = c.params.bool("IncludePublicKey") ?? false;
    const matcher =
      pattern === undefined
        ? undefined
        : new RegExp(
            `^${pattern
              .split("*")
              .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
              .join(".*")}$`,
          );
    return c.call((cloud) => {
      const keys = cloud.keyPairs
        .list()
        .items.filter(
          (k) =>
            (matcher === undefined || matcher.test(k.name)) &&
            (print === undefined || fingerprint(k) === print) &&
            Object.entries(tags).every(([key, v]) => k.tags[key] === v),
        );
      const page = numberedPage(keys, c.params, c.pages, { max: 50 });
      return {
        ...page.fields,
        KeyPairs: {
          KeyPair: page.items.map((k) => ({
            KeyPairId: keyPairId(k.name),
            KeyPairName: k.name,
            KeyPairFingerPrint: fingerprint(k),
            ...(includePublicKey ? { PublicKey: k.publicKey } : {}),
            CreationTime: isoTime(k.createdAt),
            ResourceGroupId: "",
            Tags: tagSet(k.tags),
          })),
        },
      };
    });
  },
};

const deleteKeyPairs: ActionRegistration = {
  product: ecs,
  action: "DeleteKeyPairs",
  handler: async (c) => {
    c.params.required("KeyPairNames");
    const names = c.params.jsonArray("KeyPairNames") ?? [];
    if (names.length === 0 || names.length > 100) {
      throw invalidParameter("KeyPairNames", "It must name 1 to 100 key pairs.", "InvalidKeyPairNames.Malformed");
    }
    return c.call((cloud) => {
      const known = new Set(cloud.keyPairs.list().items.map((k) => k.name));
      // Names that are not there are passed over, as ECS does.
      for (const name of names) if (known.has(name)) cloud.keyPairs.delete(name);
      return {};
    });
  },
};

export const keyPairActions: readonly ActionRegistration[] = [
  createKeyPair,
  importKeyPair,
  describeKeyPairs,
  deleteKeyPairs,
];

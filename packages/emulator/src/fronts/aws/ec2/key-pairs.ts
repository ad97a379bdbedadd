import { createHash } from "node:crypto";
import type { AccountRegion } from "../../../world/account-region.js";
import type { KeyPair } from "../../../world/types.js";
import { AwsFault } from "../fault.js";
import type { XmlFields } from "../xml.js";
import type { Ec2Action } from "./context.js";
import { filterPredicate, readFilters } from "./filters.js";
import type { FilterFields } from "./filters.js";
import { tagSet, tagsFromSpecifications } from "./tags.js";

function checkKeyName(name: string): void {
  if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) {
    throw new AwsFault("InvalidParameterValue", "Key pair names are 1 to 255 ASCII characters.");
  }
}

const colonHex = (hex: string) => hex.replace(/(..)(?!$)/g, "$1:");

/**
 * The fingerprint EC2 shows: for RSA keys it created, the SHA-1 of the private key's PKCS#8 DER;
 * for imported RSA keys, the MD5 of the public key (RFC 4716 section 4), both colon-separated hex;
 * for ED25519 keys, the base64 SHA-256 of the public key.
 */
export function awsFingerprint(key: KeyPair): string {
  const blob = Buffer.from(key.publicKey.split(" ")[1] ?? "", "base64");
  if (key.keyType === "ed25519") return createHash("sha256").update(blob).digest("base64");
  if (key.privateKeySha1 !== undefined) return colonHex(key.privateKeySha1);
  return colonHex(createHash("md5").update(blob).digest("hex"));
}

function renderKey(key: KeyPair, includePublicKey: boolean): XmlFields {
  return {
    keyPairId: key.id,
    keyType: key.keyType,
    tagSet: tagSet(key.tags),
    publicKey: includePublicKey ? key.publicKey : undefined,
    keyName: key.name,
    keyFingerprint: awsFingerprint(key),
    createTime: new Date(key.createdAt),
  };
}

function keysNamed(cloud: AccountRegion, name: string): KeyPair[] {
  return cloud.keyPairs.list({ where: (k) => k.name === name }).items;
}

/** CreateKeyPair: a new key pair; the private key (keyMaterial) is in this answer only. */
export const createKeyPair: Ec2Action = async (ctx) => {
  const name = ctx.params.required("KeyName");
  checkKeyName(name);
  const keyType = ctx.params.string("KeyType") ?? "rsa";
  if (keyType !== "rsa" && keyType !== "ed25519")
    throw new AwsFault("InvalidParameterValue", `Invalid key type '${keyType}'`);
  const format = ctx.params.string("KeyFormat") ?? "pem";
  if (format !== "pem")
    throw new AwsFault("InvalidParameterValue", `The emulator hands out pem keys only, not '${format}'`);
  const tags = tagsFromSpecifications(ctx.params, "key-pair");
  const { keyPair, privateKey } = await ctx.call((cloud) => cloud.keyPairs.create({ name, keyType, tags }));
  return {
    keyName: keyPair.name,
    keyFingerprint: awsFingerprint(keyPair),
    keyMaterial: privateKey,
    keyPairId: keyPair.id,
    tagSet: tagSet(keyPair.tags),
  };
};

/** ImportKeyPair: registers a public key the caller made (PublicKeyMaterial is base64). */
export const importKeyPair: Ec2Action = async (ctx) => {
  const name = ctx.params.required("KeyName");
  checkKeyName(name);
  const publicKey = Buffer.from(ctx.params.required("PublicKeyMaterial"), "base64").toString("utf8").trim();
  const tags = tagsFromSpecifications(ctx.params, "key-pair");
  const key = await ctx.call((cloud) => cloud.keyPairs.import({ name, publicKey, tags }));
  return { keyFingerprint: awsFingerprint(key), keyName: key.name, keyPairId: key.id, tagSet: tagSet(key.tags) };
};

const keyFields: FilterFields<KeyPair> = {
  "key-pair-id": (k) => k.id,
  "key-name": (k) => k.name,
  fingerprint: (k) => awsFingerprint(k),
  "key-type": (k) => k.keyType,
};

/** DescribeKeyPairs: by name, by id, or filtered; this API has no paging. */
export const describeKeyPairs: Ec2Action = async (ctx) => {
  const names = ctx.params.strings("KeyName");
  const ids = ctx.params.strings("KeyPairId");
  const match = filterPredicate(readFilters(ctx.params), keyFields, (k) => k.tags);
  const includePublicKey = ctx.params.bool("IncludePublicKey") ?? false;
  const keys = await ctx.call((cloud) => {
    const all = cloud.keyPairs.list().items;
    for (const name of names) {
      if (!all.some((k) => k.name === name))
        throw new AwsFault("InvalidKeyPair.NotFound", `The key pair '${name}' does not exist`);
    }
    for (const id of ids) {
      if (!all.some((k) => k.id === id))
        throw new AwsFault("InvalidKeyPair.NotFound", `The key pair ID '${id}' does not exist`);
    }
    return all.filter(
      (k) => (names.length === 0 || names.includes(k.name)) && (ids.length === 0 || ids.includes(k.id)) && match(k),
    );
  });
  return { keySet: keys.map((k) => renderKey(k, includePublicKey)) };
};

/** DeleteKeyPair: by name or id; deleting a key that is not there succeeds, as on AWS. */
export const deleteKeyPair: Ec2Action = async (ctx) => {
  const name = ctx.params.string("KeyName");
  const id = ctx.params.string("KeyPairId");
  if (name === undefined && id === undefined)
    throw new AwsFault("MissingParameter", "The request must contain the parameter KeyName or KeyPairId");
  const deleted = await ctx.call((cloud) => {
    const key =
      id === undefined ? keysNamed(cloud, name ?? "")[0] : cloud.keyPairs.list({ where: (k) => k.id === id }).items[0];
    if (key) cloud.keyPairs.delete(key.id);
    return key?.id;
  });
  return { return: true, keyPairId: deleted };
};

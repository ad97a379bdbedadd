import { createPublicKey } from "node:crypto";
import type { KeyPairHandler, KeyPairInfo } from "@cloud-barista/core/driver";
import type { KeyPairInfo as AwsKeyPair } from "@aws-sdk/client-ec2";
import { notFound } from "../errors.js";
import type { AwsSession } from "../session.js";
import { tagSpecifications, userTagsOf } from "../tags.js";

/** An SSH wire-format string or multi-precision integer. */
function sshField(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

function sshMpint(base64url: string): Buffer {
  const raw = Buffer.from(base64url, "base64url");
  return sshField(raw[0] !== undefined && raw[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw);
}

/** The OpenSSH public key line of an RSA private key in PEM (what AWS hands out), if it is one. */
export function openSshPublicKeyOf(privateKeyPem: string): string | undefined {
  try {
    const jwk = createPublicKey(privateKeyPem).export({ format: "jwk" });
    if (jwk.kty !== "RSA" || jwk.n === undefined || jwk.e === undefined) return undefined;
    const blob = Buffer.concat([sshField(Buffer.from("ssh-rsa")), sshMpint(jwk.e), sshMpint(jwk.n)]);
    return `ssh-rsa ${blob.toString("base64")}`;
  } catch {
    return undefined;
  }
}

/**
 * A key pair as DescribeKeyPairs describes it; fingerprints and public keys come with surrounding
 * whitespace in some answers, which is trimmed.
 */
export function keyPairInfoOf(key: AwsKeyPair, vmUser: string): KeyPairInfo {
  return {
    iid: { nameId: key.KeyName ?? "", systemId: key.KeyName ?? "" },
    fingerprint: key.KeyFingerprint?.trim() ?? "",
    ...(key.PublicKey ? { publicKey: key.PublicKey.trim() } : {}),
    vmUserId: vmUser,
    tags: userTagsOf(key.Tags),
    extra: { keyPairId: key.KeyPairId ?? "", keyType: key.KeyType ?? "" },
  };
}

/**
 * Key pairs, addressed by name (the handle RunInstances takes): the IID's systemId is the key
 * name, and the key pair id is in `extra.keyPairId`.
 */
export function createKeyPairHandler(aws: AwsSession): KeyPairHandler {
  // Every answer with a public key refreshes the connection's memory of it (vm.create's cloud-init).
  const toInfo = (key: AwsKeyPair): KeyPairInfo => {
    if (key.KeyName) aws.keyPairs.set(key.KeyName, { publicKey: key.PublicKey?.trim() });
    return keyPairInfoOf(key, aws.settings.vmUser);
  };
  return {
    async create(request, ctx) {
      const tags = tagSpecifications("key-pair", request.name, request.tags);
      const created = await aws.ec2(ctx, "CreateKeyPair", {
        KeyName: request.name,
        KeyType: "rsa",
        KeyFormat: "pem",
        TagSpecifications: tags,
      });
      const name = created.KeyName ?? request.name;
      ctx.created(name);
      const privateKey = created.KeyMaterial ?? "";
      const publicKey = openSshPublicKeyOf(privateKey);
      aws.keyPairs.set(name, { publicKey });
      return {
        iid: { nameId: name, systemId: name },
        fingerprint: created.KeyFingerprint?.trim() ?? "",
        ...(publicKey ? { publicKey } : {}),
        privateKey,
        vmUserId: aws.settings.vmUser,
        tags: { ...request.tags },
        extra: { keyPairId: created.KeyPairId ?? "", keyType: "rsa" },
      };
    },

    async get(key, ctx) {
      const match = (await aws.ec2(ctx, "DescribeKeyPairs", { KeyNames: [key.systemId], IncludePublicKey: true }))
        .KeyPairs?.[0];
      if (!match) throw notFound("keyPair", key.systemId);
      return toInfo(match);
    },

    // DescribeKeyPairs has no paging: one call lists them all.
    async *list(ctx) {
      yield* ((await aws.ec2(ctx, "DescribeKeyPairs", { IncludePublicKey: true })).KeyPairs ?? []).map(toInfo);
    },

    async delete(key, ctx) {
      try {
        await aws.ec2(ctx, "DeleteKeyPair", { KeyName: key.systemId });
      } finally {
        aws.keyPairs.forget(key.systemId);
      }
    },
  };
}

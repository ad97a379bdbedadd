import type { KeyPairHandler, KeyPairInfo } from "@cloud-barista/core/driver";
import type {
  CreateKeyPairResponse,
  DescribeKeyPairsResponse,
  KeyPair,
} from "tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models.js";
import { badAnswer } from "../errors.js";
import { cloudKeyName, keyNameOf, keyNameTagKey, needsMapping } from "../key-name.js";
import type { TencentSession } from "../session.js";
import { fingerprintOf } from "../ssh-key.js";
import { tagSpecification, tagsOf, withoutKeys } from "../tags.js";

export type { KeyPair };

/** DescribeKeyPairs pages by at most 100. */
const keyPairPageSizeMax = 100;

/**
 * CVM key pairs, known by their KeyId ("skey-…"), in the connection's project. Tencent takes
 * names of 1-25 letters, digits and underscores: any other name is mapped (`cloudKeyName`) and
 * kept in a tag (`cb-key-name`) that reads back as the key's name. CreateKeyPair answers the
 * private key once, and the public key, which the driver remembers for the login user of VMs;
 * fingerprints are the public key's OpenSSH SHA256 ones (Tencent reports none).
 */
export function createKeyPairHandler(session: TencentSession): KeyPairHandler {
  const toInfo = (k: KeyPair): KeyPairInfo => {
    const all = tagsOf(k.Tags);
    const tags = withoutKeys(all, [keyNameTagKey]);
    return {
      iid: { nameId: keyNameOf(k.KeyName ?? "", all), systemId: k.KeyId ?? "" },
      fingerprint: fingerprintOf(k.PublicKey),
      ...(k.PublicKey ? { publicKey: k.PublicKey } : {}),
      vmUserId: session.settings.vmUser,
      ...(tags ? { tags } : {}),
      extra: { keyName: k.KeyName ?? "", ...(k.ProjectId === undefined ? {} : { projectId: String(k.ProjectId) }) },
    };
  };
  return {
    async create(request, ctx) {
      const keyName = cloudKeyName(request.name);
      const tags = { ...request.tags, ...(needsMapping(request.name) ? { [keyNameTagKey]: request.name } : {}) };
      const made = await session.call<CreateKeyPairResponse>(ctx, "CreateKeyPair", {
        KeyName: keyName,
        ProjectId: session.settings.projectId,
        TagSpecification: tagSpecification("keypair", tags),
      });
      const key = made.KeyPair;
      if (!key?.KeyId) throw badAnswer("CreateKeyPair: no KeyId in the answer");
      ctx.created(key.KeyId);
      if (key.PublicKey) session.keyPairs.set(key.KeyId, key.PublicKey);
      return {
        iid: { nameId: request.name, systemId: key.KeyId },
        fingerprint: fingerprintOf(key.PublicKey),
        ...(key.PublicKey ? { publicKey: key.PublicKey } : {}),
        ...(key.PrivateKey ? { privateKey: key.PrivateKey } : {}),
        vmUserId: session.settings.vmUser,
        ...(request.tags ? { tags: request.tags } : {}),
        extra: { keyName, projectId: String(session.settings.projectId) },
      };
    },
    async get(keyPair, ctx) {
      const found = await session.one<DescribeKeyPairsResponse, KeyPair>(
        ctx,
        "DescribeKeyPairs",
        { KeyIds: [keyPair.systemId] },
        (a) => a.KeyPairSet?.find((k) => k.KeyId === keyPair.systemId),
        { type: "keyPair", id: keyPair.systemId },
      );
      return toInfo(found);
    },
    list: (ctx) =>
      (async function* () {
        const pages = session.pages<DescribeKeyPairsResponse, KeyPair>(
          ctx,
          "DescribeKeyPairs",
          {},
          (a) => a.KeyPairSet,
          { pageSize: Math.min(session.settings.pageSize, keyPairPageSizeMax) },
        );
        for await (const k of pages) if (k.KeyId) yield toInfo(k);
      })(),
    async delete(keyPair, ctx) {
      await session.call(ctx, "DeleteKeyPairs", { KeyIds: [keyPair.systemId] });
      session.keyPairs.forget(keyPair.systemId);
    },
  };
}

import type { KeyPairHandler, KeyPairInfo } from "@cloud-barista/core/driver";
import type { AlibabaSession, RpcAnswer } from "../session.js";
import { publicKeyOf } from "../ssh-key.js";
import { tagParams, tagsOf } from "../tags.js";
import type { AnsweredTag } from "../tags.js";

interface AlibabaKeyPair {
  KeyPairName?: string;
  KeyPairFingerPrint?: string;
  PublicKey?: string;
  CreationTime?: string;
  Tags?: { Tag?: AnsweredTag[] };
}

export interface KeyPairsAnswer extends RpcAnswer {
  TotalCount?: number;
  KeyPairs?: { KeyPair?: AlibabaKeyPair[] };
}

/** DescribeKeyPairs pages by at most 50. */
const keyPairPageSizeMax = 50;

/**
 * ECS key pairs, known by name (the name is the id). CreateKeyPair makes the key and answers its
 * private half once (PrivateKeyBody), whose public half the driver derives and remembers for the
 * login user of VMs (`vmUser`, made by cloud-init).
 */
export function createKeyPairHandler(session: AlibabaSession): KeyPairHandler {
  const toInfo = (k: AlibabaKeyPair): KeyPairInfo => {
    const tags = tagsOf(k.Tags);
    return {
      iid: { nameId: k.KeyPairName ?? "", systemId: k.KeyPairName ?? "" },
      fingerprint: k.KeyPairFingerPrint ?? "",
      ...(k.PublicKey ? { publicKey: k.PublicKey } : {}),
      vmUserId: session.settings.vmUser,
      ...(tags ? { tags } : {}),
    };
  };
  return {
    async create(request, ctx) {
      const made = await session.call<
        RpcAnswer & { KeyPairName?: string; KeyPairFingerPrint?: string; PrivateKeyBody?: string }
      >(ctx, "CreateKeyPair", { KeyPairName: request.name, ...tagParams(request.tags) });
      const name = made.KeyPairName ?? request.name;
      ctx.created(name);
      // The public half, for the login user of VMs that use this key (no DescribeKeyPairs then).
      const publicKey = made.PrivateKeyBody ? publicKeyOf(made.PrivateKeyBody) : undefined;
      if (publicKey) session.keyPairs.set(name, publicKey);
      return {
        iid: { nameId: name, systemId: name },
        fingerprint: made.KeyPairFingerPrint ?? "",
        ...(publicKey ? { publicKey } : {}),
        ...(made.PrivateKeyBody ? { privateKey: made.PrivateKeyBody } : {}),
        vmUserId: session.settings.vmUser,
        ...(request.tags ? { tags: request.tags } : {}),
      };
    },
    async get(keyPair, ctx) {
      const found = await session.one<KeyPairsAnswer, AlibabaKeyPair>(
        ctx,
        "DescribeKeyPairs",
        { KeyPairName: keyPair.systemId, IncludePublicKey: true },
        (a) => a.KeyPairs?.KeyPair?.find((k) => k.KeyPairName === keyPair.systemId),
        { type: "keyPair", id: keyPair.systemId },
      );
      return toInfo(found);
    },
    list: (ctx) =>
      (async function* () {
        const pages = session.pages<KeyPairsAnswer, AlibabaKeyPair>(
          ctx,
          "DescribeKeyPairs",
          { IncludePublicKey: true },
          (a) => a.KeyPairs?.KeyPair,
          Math.min(session.settings.pageSize, keyPairPageSizeMax),
        );
        for await (const k of pages) if (k.KeyPairName) yield toInfo(k);
      })(),
    async delete(keyPair, ctx) {
      await session.call(ctx, "DeleteKeyPairs", { KeyPairNames: JSON.stringify([keyPair.systemId]) });
      session.keyPairs.forget(keyPair.systemId);
    },
  };
}

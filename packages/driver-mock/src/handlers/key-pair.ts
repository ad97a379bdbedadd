import type { KeyPairHandler, KeyPairInfo } from "@cloud-barista/core/driver";
import type { KeyPair } from "@cloud-barista/emulator";
import { idOf } from "../session.js";
import type { MockSession } from "../session.js";

/** The login user of mock VMs, as on CB-Spider's clouds. */
const vmUserId = "cb-user";

export function createKeyPairHandler(session: MockSession): KeyPairHandler {
  return {
    async create(request, ctx) {
      const { keyPair, privateKey } = await session.call(ctx, "CreateKeyPair", (cloud) =>
        cloud.keyPairs.create({ name: request.name, tags: request.tags }),
      );
      return { ...toKeyPairInfo(keyPair), privateKey };
    },

    async get(keyPair, ctx) {
      return toKeyPairInfo(await session.call(ctx, "DescribeKeyPairs", (cloud) => cloud.keyPairs.get(idOf(keyPair))));
    },

    list: (ctx) => session.list(ctx, "DescribeKeyPairs", (cloud, page) => cloud.keyPairs.list(page), toKeyPairInfo),

    async delete(keyPair, ctx) {
      await session.call(ctx, "DeleteKeyPair", (cloud) => cloud.keyPairs.delete(idOf(keyPair)));
    },
  };
}

function toKeyPairInfo(keyPair: KeyPair): KeyPairInfo {
  return {
    iid: { nameId: keyPair.name, systemId: keyPair.id },
    fingerprint: keyPair.fingerprint,
    publicKey: keyPair.publicKey,
    vmUserId,
    tags: keyPair.tags,
    extra: { keyType: keyPair.keyType },
  };
}

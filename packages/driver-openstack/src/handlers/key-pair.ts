import type { KeyPairHandler, KeyPairInfo } from "@cloud-barista/core/driver";
import { notSupported } from "../errors.js";
import type { OpenStackSession } from "../session.js";
import { defaultVmUser } from "./vm-boot.js";

interface NovaKeypair {
  name: string;
  public_key: string;
  fingerprint: string;
  private_key?: string;
  type?: string;
}

function toInfoOnly(key: NovaKeypair): KeyPairInfo {
  return {
    iid: { nameId: key.name, systemId: key.name },
    fingerprint: key.fingerprint,
    publicKey: key.public_key,
    vmUserId: defaultVmUser,
    extra: { type: key.type ?? "ssh" },
  };
}

/**
 * Nova key pairs, known by name (their system id is the name). Nova generates the key (the driver
 * speaks microversion 2.79, below 2.92 where generation ended) and returns the private key once.
 * Key pairs carry no tags.
 */
export function createKeyPairHandler(session: OpenStackSession): KeyPairHandler {
  // Every answer refreshes the connection's memory of the public key (vm.start's cloud-init).
  const toInfo = (key: NovaKeypair): KeyPairInfo => {
    session.publicKeys.set(key.name, key.public_key);
    return toInfoOnly(key);
  };
  return {
    async create(request, ctx) {
      if (request.tags && Object.keys(request.tags).length > 0) throw notSupported("tags on key pairs", "tags");
      const keypair = await session.call<NovaKeypair>(
        ctx,
        "nova:CreateKeypair",
        {},
        { name: request.name, type: "ssh" },
      );
      return { ...toInfo(keypair), ...(keypair.private_key ? { privateKey: keypair.private_key } : {}) };
    },

    get: async (key, ctx) =>
      toInfo(await session.call<NovaKeypair>(ctx, "nova:ShowKeypair", { name: key.systemId || key.nameId })),

    list: (ctx) =>
      session.list<{ keypair: NovaKeypair }, KeyPairInfo>(ctx, "nova:ListKeypairs", {}, (k) => toInfo(k.keypair)),

    async delete(key, ctx) {
      const name = key.systemId || key.nameId;
      try {
        await session.call(ctx, "nova:DeleteKeypair", { name });
      } finally {
        session.publicKeys.forget(name);
      }
    },
  };
}

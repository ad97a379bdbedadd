import type { KeyPairHandler, KeyPairInfo } from "@cloud-barista/core/driver";
import { badAnswer } from "../errors.js";
import type { IbmSession } from "../session.js";
import { tagCreated } from "../tagging.js";
import { newSshKey } from "../ssh-key.js";
import type { IbmKey } from "./native-types.js";

/**
 * SSH keys. IBM imports public keys only: the driver makes an RSA key pair, imports its public
 * half (`create_key`) and returns the private half once. VMs log in with it as the driver's login
 * user (root on IBM's stock images).
 */
export function createKeyPairHandler(session: IbmSession): KeyPairHandler {
  const toKeyInfo = (k: IbmKey): KeyPairInfo => ({
    iid: { nameId: k.name ?? "", systemId: k.id ?? "" },
    fingerprint: k.fingerprint ?? "",
    ...(k.public_key ? { publicKey: k.public_key } : {}),
    vmUserId: session.settings.vmUser,
    extra: { type: k.type ?? "" },
  });
  const remember = (k: IbmKey) => {
    if (k.id && k.public_key) session.publicKeys.set(k.id, k.public_key);
    if (k.id && k.crn) session.crns.set(k.id, k.crn);
    return k;
  };

  return {
    async create(request, ctx) {
      const { privateKey, publicKey } = await newSshKey(request.name);
      const made = await session.call<IbmKey>(
        ctx,
        "create_key",
        {},
        {
          name: request.name,
          public_key: publicKey,
          type: "rsa",
          ...session.resourceGroup(),
        },
      );
      if (!made.id) throw badAnswer("create_key: no id in the answer");
      ctx.created(made.id);
      const id = made.id;
      await tagCreated(session, ctx, made, request.tags, (u) => session.call(u, "delete_key", { id }));
      remember({ ...made, public_key: made.public_key ?? publicKey });
      return { ...toKeyInfo({ ...made, public_key: made.public_key ?? publicKey }), privateKey };
    },
    get: async (key, ctx) => toKeyInfo(remember(await session.call<IbmKey>(ctx, "get_key", { id: key.systemId }))),
    list: (ctx) => session.list<IbmKey, KeyPairInfo>(ctx, "list_keys", "keys", {}, (k) => toKeyInfo(remember(k))),
    async delete(key, ctx) {
      await session.call(ctx, "delete_key", { id: key.systemId });
      session.publicKeys.forget(key.systemId);
      session.crns.forget(key.systemId);
    },
  };
}

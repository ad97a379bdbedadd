import { createHash } from "node:crypto";
import type { SshPublicKeyResource } from "@azure/arm-compute";
import type { KeyPairHandler, KeyPairInfo } from "@cloud-barista/core/driver";
import { alreadyExists, badAnswer } from "../errors.js";
import type { AzureSession } from "../session.js";
import { exists, ignoreMissingGroup } from "./missing.js";

/** OpenSSH's SHA256 fingerprint of a public key line ("ssh-rsa AAAA... comment"). */
export function fingerprintOf(publicKey: string): string {
  const blob = publicKey.trim().split(/\s+/)[1] ?? "";
  return `SHA256:${createHash("sha256").update(Buffer.from(blob, "base64")).digest("base64").replace(/=+$/, "")}`;
}

function toInfo(key: SshPublicKeyResource, vmUser: string): KeyPairInfo {
  const publicKey = key.publicKey ?? "";
  return {
    iid: { nameId: key.name ?? "", systemId: key.id ?? "" },
    fingerprint: publicKey ? fingerprintOf(publicKey) : "",
    ...(publicKey ? { publicKey } : {}),
    vmUserId: vmUser,
    ...(key.tags && Object.keys(key.tags).length > 0 ? { tags: { ...key.tags } } : {}),
  };
}

/** The resource name in an ARM id (its last segment), or the IID's name. */
const nameOf = (iid: { nameId: string; systemId: string }) => iid.systemId.split("/").pop() || iid.nameId;

/**
 * Key pairs are Compute's SSH public key resources in the connection's resource group: made with a
 * PUT, then generateKeyPair, whose answer is the only time the private key is seen. The login
 * user of VMs that use them is the driver's `vmUser`.
 */
export function createKeyPairHandler(session: AzureSession, vmUser: string): KeyPairHandler {
  const keys = () => session.clients.compute.sshPublicKeys;
  const get = (name: string, ctx: Parameters<KeyPairHandler["get"]>[1]) =>
    session.call(ctx, "SshPublicKeys_Get", (options) => keys().get(session.group, name, options));
  return {
    async create(request, ctx) {
      await session.ensureGroup(ctx);
      // A PUT would take over a key of the same name; ARM has no create-only verb.
      if (await exists(get(request.name, ctx))) throw alreadyExists("key pair", request.name);
      const made = await session.call(ctx, "SshPublicKeys_Create", (options) =>
        keys().create(
          session.group,
          request.name,
          { location: session.settings.region, ...(request.tags ? { tags: { ...request.tags } } : {}) },
          options,
        ),
      );
      if (made.id) ctx.created(made.id);
      const pair = await session.call(ctx, "SshPublicKeys_GenerateKeyPair", (options) =>
        keys().generateKeyPair(session.group, request.name, { ...options, parameters: { encryptionType: "RSA" } }),
      );
      if (!pair.privateKey || !pair.publicKey) throw badAnswer("SshPublicKeys_GenerateKeyPair: no key in the answer");
      return {
        ...toInfo({ ...made, publicKey: pair.publicKey }, vmUser),
        privateKey: pair.privateKey,
      };
    },

    get: async (key, ctx) => toInfo(await get(nameOf(key), ctx), vmUser),

    list: (ctx) =>
      ignoreMissingGroup(
        session.pages(
          ctx,
          "SshPublicKeys_ListByResourceGroup",
          (options) => keys().listByResourceGroup(session.group, options),
          (k: SshPublicKeyResource) => toInfo(k, vmUser),
        ),
      ),

    async delete(key, ctx) {
      await session.call(ctx, "SshPublicKeys_Delete", (options) => keys().delete(session.group, nameOf(key), options));
    },
  };
}

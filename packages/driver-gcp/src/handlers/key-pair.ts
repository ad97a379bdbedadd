import type { CallContext, IID, KeyPairHandler, KeyPairInfo } from "@cloud-barista/core/driver";
import { alreadyExists, invalid, notFound } from "../errors.js";
import { checkName } from "../names.js";
import { changeProjectMetadata, projectMetadata } from "../project-metadata.js";
import type { GcpSession } from "../session.js";
import { fingerprintOf, newEd25519Key } from "../ssh-key.js";

/**
 * Compute Engine has no key-pair resource. A key pair is a key the driver generates (Ed25519) and
 * keeps in the project's common instance metadata under its own key, "cb-keypair-<name>", as
 * "<user>:ssh-ed25519 AAAA… <user>" (the form of an `ssh-keys` entry). It grants nothing by
 * itself: a VM made with the key pair carries that entry in its own `ssh-keys` metadata (and
 * `enable-oslogin=FALSE`). The private key is returned by create only.
 */
export const keyPairPrefix = "cb-keypair-";

/** A key pair's public key and login user, from its metadata entry. */
export function parseEntry(value: string): { user: string; publicKey: string } | undefined {
  const match = /^([a-z_][-a-z0-9_.]*):(ssh-[a-z0-9-]+ \S+)(?: .*)?$/.exec(value.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { user: match[1], publicKey: `${match[2]} ${match[1]}` };
}

const toInfo = (name: string, value: string): KeyPairInfo | undefined => {
  const entry = parseEntry(value);
  if (!entry) return undefined;
  return {
    iid: { nameId: name, systemId: name },
    fingerprint: fingerprintOf(entry.publicKey),
    publicKey: entry.publicKey,
    vmUserId: entry.user,
  };
};

/**
 * A key pair's login user and public key, for a VM create: remembered per connection for 5
 * minutes (another tool may replace the entry under the same name).
 */
export function keyPairEntry(
  session: GcpSession,
  ctx: CallContext,
  key: IID,
): Promise<{ user: string; publicKey: string }> {
  const name = key.systemId || key.nameId;
  return session.publicKeys.get(name, async () => {
    const metadata = await projectMetadata(session, ctx);
    const value = (metadata.items ?? []).find((i) => i.key === keyPairPrefix + name)?.value;
    const entry = value ? parseEntry(value) : undefined;
    if (!entry) throw notFound("key pair", name);
    return entry;
  });
}

export function createKeyPairHandler(session: GcpSession, vmUser: string): KeyPairHandler {
  const all = async (ctx: CallContext) => {
    const metadata = await projectMetadata(session, ctx);
    return (metadata.items ?? []).flatMap((i) => {
      const key = i.key ?? "";
      if (!key.startsWith(keyPairPrefix)) return [];
      const info = toInfo(key.slice(keyPairPrefix.length), i.value ?? "");
      return info ? [info] : [];
    });
  };
  return {
    async create(request, ctx) {
      checkName(request.name);
      if (request.tags && Object.keys(request.tags).length > 0) {
        throw invalid("tags", "gcp-no-labels", "key pairs are project metadata entries and carry no labels");
      }
      await session.ready(ctx);
      const key = newEd25519Key(vmUser);
      const entry = `${vmUser}:${key.publicKey}`;
      await changeProjectMetadata(
        session,
        ctx,
        (items) => {
          if (items.some((i) => i.key === keyPairPrefix + request.name)) throw alreadyExists("key pair", request.name);
          return [...items, { key: keyPairPrefix + request.name, value: entry }];
        },
        `key pair ${request.name} to be stored`,
      );
      ctx.created(request.name);
      // A VM made with it next needs no read of the project's metadata.
      session.publicKeys.set(request.name, { user: vmUser, publicKey: `${key.publicKey}` });
      const info = toInfo(request.name, entry);
      return { ...(info as KeyPairInfo), privateKey: key.privateKey };
    },

    async get(key, ctx) {
      await session.ready(ctx);
      const name = key.systemId || key.nameId;
      const found = (await all(ctx)).find((k) => k.iid.systemId === name);
      if (!found) throw notFound("key pair", name);
      return found;
    },

    async *list(ctx) {
      await session.ready(ctx);
      yield* await all(ctx);
    },

    async delete(key, ctx) {
      await session.ready(ctx);
      const name = key.systemId || key.nameId;
      session.publicKeys.forget(name);
      await changeProjectMetadata(
        session,
        ctx,
        (items) => {
          if (!items.some((i) => i.key === keyPairPrefix + name)) throw notFound("key pair", name);
          return items.filter((i) => i.key !== keyPairPrefix + name);
        },
        `key pair ${name} to be removed`,
      );
    },
  };
}

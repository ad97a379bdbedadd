import type { McisService } from "@cloud-barista/mcis";
import type { CliContext } from "../context.js";
import { profileFiles } from "../profile.js";
import type { Session } from "../session.js";
import { savePrivateKey } from "../ssh-keys.js";

/**
 * Runs work on the MCIS service over the profile. The drivers of `connections` (every
 * connection's when undefined) are registered first: MCIS operations open connections themselves.
 * Private keys of default key pairs the service creates are saved for `cb exec`.
 */
export async function withMcis<R>(
  ctx: CliContext,
  connections: readonly string[] | undefined,
  work: (mcis: McisService, session: Session) => Promise<R>,
): Promise<R> {
  const { createMcisService } = await import("@cloud-barista/mcis");
  return ctx.withSession(async (session) => {
    await session.useConnections(connections);
    const keysDir = profileFiles(ctx.paths, session.name, session.profile).sshKeysDir;
    const mcis = createMcisService({
      barista: session.barista,
      statusPollMs: 500,
      onPrivateKey: (key) => {
        const file = savePrivateKey(keysDir, key);
        ctx.note(`private key of key pair ${key.keyPairName} (${key.connection}) saved to ${file}`);
      },
    });
    return work(mcis, session);
  });
}

import type { McisService } from "@cloud-barista/mcis";
import type { CliContext } from "../context.js";
import { mcisConnections, namespaceConnections } from "../mcis-connections.js";
import { profileFiles } from "../profile.js";
import type { Session } from "../session.js";
import { savePrivateKey } from "../ssh-keys.js";

/**
 * Which drivers an MCIS operation needs: those of the connections a request names, of one MCIS
 * (read from its record), or of every MCIS of a namespace.
 */
export type McisScope = readonly string[] | { namespace: string; name?: string };

/**
 * Runs work on the MCIS service over the profile. Only the drivers of the scope's connections are
 * registered (loaded) first: MCIS operations open connections themselves, and a vendor SDK takes
 * seconds to load. Private keys of default key pairs the service creates are saved for `cb exec`.
 */
export async function withMcis<R>(
  ctx: CliContext,
  scope: McisScope,
  work: (mcis: McisService, session: Session) => Promise<R>,
): Promise<R> {
  const { createMcisService } = await import("@cloud-barista/mcis");
  return ctx.withSession(async (session) => {
    const connections =
      "namespace" in scope
        ? scope.name === undefined
          ? await namespaceConnections(session.store, scope.namespace)
          : await mcisConnections(session.store, scope.namespace, scope.name)
        : scope;
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

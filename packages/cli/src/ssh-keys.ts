import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CreatedPrivateKey } from "@cloud-barista/mcis";

/**
 * Private keys of the default key pairs `cb mcis create` made: the cloud hands each out once and
 * the SDK stores none, so `cb` keeps them as files (mode 0600, in a 0700 directory per profile),
 * one per connection and key pair, where `cb exec` finds them.
 */
export function savedKeyFile(dir: string, connection: string, keyPairName: string): string {
  // Connection and key-pair names are SDK ids (letters, digits, "-", "_"): safe as file names.
  return join(dir, connection, `${keyPairName}.pem`);
}

export function savePrivateKey(dir: string, key: CreatedPrivateKey): string {
  const file = savedKeyFile(dir, key.connection, key.keyPairName);
  mkdirSync(join(dir, key.connection), { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(file, key.privateKey.endsWith("\n") ? key.privateKey : `${key.privateKey}\n`, { mode: 0o600 });
  return file;
}

/** The saved key of a key pair, if `cb` made it. */
export function findSavedKey(dir: string, connection: string, keyPairName: string): string | undefined {
  const file = savedKeyFile(dir, connection, keyPairName);
  return existsSync(file) ? file : undefined;
}

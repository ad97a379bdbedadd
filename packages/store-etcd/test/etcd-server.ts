import { afterAll, beforeAll } from "vitest";
import { startEtcd } from "../src/testing/index.js";
import type { EtcdServer } from "../src/testing/index.js";

export { etcdBinary, startEtcd, startEtcdCluster } from "../src/testing/index.js";
export type { EtcdServer } from "../src/testing/index.js";

/** Starts one etcd for the enclosing test file (beforeAll) and disposes of it afterwards. */
export function useEtcd(extraArgs: readonly string[] = []): () => EtcdServer {
  let server: EtcdServer | undefined;
  beforeAll(async () => {
    server = await startEtcd(extraArgs);
  });
  afterAll(async () => {
    await server?.dispose();
  });
  return () => {
    if (!server) throw new Error("etcd did not start (see the beforeAll error)");
    return server;
  };
}

/** A raw v3 API call through the gateway, for setting etcd up and for looking behind the store. */
export async function etcdCall<T>(endpoint: string, path: string, body: object, token?: string): Promise<T> {
  const response = await fetch(endpoint + path, {
    method: "POST",
    headers: token === undefined ? {} : { authorization: token },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

export function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TLSSocket } from "node:tls";
import { kubeResources, versionInfo } from "./objects.js";
import type { ClusterSnapshot, KubeObject, KubeResourceName } from "./objects.js";
import { asTable, wantsTable } from "./table.js";

// One cluster's Kubernetes API: HTTPS on loopback with a certificate of the cluster's CA, bearer
// token or client certificate authentication, and the read-only subset `kubectl version` and
// `kubectl get nodes|namespaces|pods|services` need, with legacy discovery (kubectl 1.20 and newer
// both fall back to it when the server does not answer aggregated discovery).

export interface KubeApiServerOptions {
  /** Key and certificate of the API server (signed by the cluster CA), and the CA for client certificates. */
  tls: { key: string; cert: string; ca: string };
  /** The cluster now; undefined once it is gone (requests then fail with 503). */
  snapshot(): ClusterSnapshot | undefined;
  /** The user a bearer token stands for, or undefined when the token is not accepted. */
  authenticateToken(token: string): Promise<string | undefined>;
}

export interface RunningKubeApiServer {
  /** "https://127.0.0.1:<port>". */
  url: string;
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-cache, private" });
  res.end(JSON.stringify(body));
};

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, code });
}

async function authenticate(req: IncomingMessage, options: KubeApiServerOptions): Promise<string | undefined> {
  const socket = req.socket as TLSSocket;
  if (socket.authorized) {
    const subject = socket.getPeerCertificate().subject as Record<string, string | string[] | undefined> | undefined;
    const cn = subject?.["CN"];
    return typeof cn === "string" ? cn : "client-certificate";
  }
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  return options.authenticateToken(match[1]);
}

function discovery(res: ServerResponse, path: string, serverAddress: string): boolean {
  if (path === "/api") {
    json(res, 200, {
      kind: "APIVersions",
      versions: ["v1"],
      serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
    });
    return true;
  }
  if (path === "/apis") {
    json(res, 200, { kind: "APIGroupList", apiVersion: "v1", groups: [] });
    return true;
  }
  if (path === "/api/v1") {
    json(res, 200, {
      kind: "APIResourceList",
      groupVersion: "v1",
      resources: Object.entries(kubeResources).map(([name, r]) => ({
        name,
        singularName: r.singularName,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ["get", "list"],
        shortNames: [...r.shortNames],
      })),
    });
    return true;
  }
  return false;
}

/** Answers a GET of /api/v1/...: a list (cluster-wide or in a namespace) or one object. */
function serveResource(req: IncomingMessage, res: ServerResponse, path: string, snapshot: ClusterSnapshot): void {
  // /api/v1/<resource>[/<name>] or /api/v1/namespaces/<ns>/<resource>[/<name>]
  const parts = path.split("/").slice(3).map(decodeURIComponent);
  let namespace: string | undefined;
  if (parts[0] === "namespaces" && parts.length >= 3) {
    namespace = parts[1];
    parts.splice(0, 2);
  }
  const [resource, name, ...rest] = parts;
  const def = resource !== undefined ? kubeResources[resource as KubeResourceName] : undefined;
  if (!def || rest.length > 0 || (namespace !== undefined && !def.namespaced)) {
    status(res, 404, "NotFound", "the server could not find the requested resource");
    return;
  }
  let objects: KubeObject[] = def.objects(snapshot);
  if (namespace !== undefined) objects = objects.filter((o) => o.metadata.namespace === namespace);
  if (name !== undefined) {
    const found = objects.find((o) => o.metadata.name === name);
    if (!found) {
      status(res, 404, "NotFound", `${resource} "${name}" not found`);
      return;
    }
    json(
      res,
      200,
      wantsTable(req.headers.accept) ? asTable(resource as KubeResourceName, [found], snapshot.now) : found,
    );
    return;
  }
  json(
    res,
    200,
    wantsTable(req.headers.accept)
      ? asTable(resource as KubeResourceName, objects, snapshot.now)
      : {
          kind: `${def.kind}List`,
          apiVersion: "v1",
          metadata: { resourceVersion: String(snapshot.now) },
          items: objects,
        },
  );
}

/** Starts a cluster's API server on 127.0.0.1 (a free port); unref'd, so it never holds a process open. */
export async function startKubeApiServer(options: KubeApiServerOptions): Promise<RunningKubeApiServer> {
  let address = "127.0.0.1:0";
  const server: Server = createServer(
    { key: options.tls.key, cert: options.tls.cert, ca: options.tls.ca, requestCert: true, rejectUnauthorized: false },
    (req, res) => {
      const path = new URL(req.url ?? "/", "https://127.0.0.1").pathname.replace(/\/+$/, "") || "/";
      const snapshot = options.snapshot();
      if (!snapshot) {
        status(res, 503, "ServiceUnavailable", "the cluster's control plane is not available");
        return;
      }
      authenticate(req, options)
        .then((user) => {
          if (user === undefined) {
            status(res, 401, "Unauthorized", "Unauthorized");
            return;
          }
          if (req.method !== "GET") {
            status(res, 405, "MethodNotAllowed", "the emulated API server is read-only");
            return;
          }
          if (path === "/version") json(res, 200, versionInfo(snapshot.cluster));
          else if (path === "/healthz" || path === "/livez" || path === "/readyz") {
            res.writeHead(200, { "content-type": "text/plain" });
            res.end("ok");
          } else if (discovery(res, path, address)) return;
          else if (path.startsWith("/api/v1/")) serveResource(req, res, path, snapshot);
          else status(res, 404, "NotFound", "the server could not find the requested resource");
        })
        .catch((error: unknown) => {
          status(res, 500, "InternalError", error instanceof Error ? error.message : String(error));
        });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  address = `127.0.0.1:${port}`;
  return {
    url: `https://${address}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

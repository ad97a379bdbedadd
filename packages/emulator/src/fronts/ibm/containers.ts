import { randomUUID } from "node:crypto";
import type { AccountRegion } from "../../world/account-region.js";
import { isWorldError } from "../../world/errors.js";
import type { Cluster, NodeGroup } from "../../world/types.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { IbmFront } from "./context.js";
import { IbmError, json, readJson } from "./http.js";
import type { Json } from "./http.js";
import { authorize } from "./iam.js";

// IBM Cloud Kubernetes Service (containers.cloud.ibm.com), VPC clusters only: the v2 "vpc" API
// (createCluster, getClusters, createWorkerPool, ...), v1 versions and cluster deletion and master
// update, the region in the X-Region header. Errors are IKS's `{ incidentID, code, description,
// type }`. A worker pool's nodes are `workerCount` per zone. Its kubeconfig carries the caller's IAM
// token, which the cluster's API server accepts through the verifier the front registers.

const prefix = "/containers";

function iksError(status: number, code: string, type: string, description: string): IbmError {
  return new IbmError(status, code, description, { name: type, type: "field" });
}

function errorResponse(error: unknown): FrontResponse {
  let status = 500;
  let code = "E0000";
  let type = "InternalError";
  let description = "An internal error occurred.";
  if (error instanceof IbmError) {
    status = error.status;
    code = error.code;
    type = error.target?.name ?? "BadRequest";
    description = error.message;
  } else if (isWorldError(error)) {
    status =
      error.code === "NotFound"
        ? 404
        : error.code === "QuotaExceeded"
          ? 409
          : error.code === "IncorrectState"
            ? 409
            : error.code === "Throttled"
              ? 429
              : 400;
    code = error.code === "NotFound" ? "E0003" : "E0001";
    type = error.code;
    description = error.message;
  }
  return json(status, { incidentID: randomUUID(), code, description, type, recoveryCLI: "" });
}

interface Call {
  front: IbmFront;
  request: FrontRequest;
  account: string;
  region: string;
  token: string;
  body: () => Json;
  gate<T>(api: string, fn: (cloud: AccountRegion) => T | Promise<T>): Promise<T>;
}

const str = (o: Json, key: string): string | undefined => (typeof o[key] === "string" ? o[key] : undefined);

function required(o: Json, key: string): string {
  const value = str(o, key);
  if (value === undefined || value === "")
    throw iksError(400, "E0011", "BadRequest", `The '${key}' field is required.`);
  return value;
}

function count(o: Json, key: string): number {
  const value = o[key];
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
    throw iksError(400, "E0011", "BadRequest", `The '${key}' field must be a non-negative integer.`);
  return value;
}

/** A cluster by id or name, or IKS's 404. */
function clusterOf(cloud: AccountRegion, ident: string): Cluster {
  const found = cloud.clusters.list().items.find((c) => c.id === ident || c.name === ident);
  if (!found)
    throw iksError(404, "E0003", "ClusterNotFound", `The specified cluster could not be found. Cluster: ${ident}`);
  return found;
}

function poolOf(cluster: Cluster, ident: string): NodeGroup {
  const found = cluster.nodeGroups.find((g) => g.id === ident || g.name === ident);
  if (!found)
    throw iksError(404, "E0056", "WorkerPoolNotFound", `The specified worker pool could not be found: ${ident}`);
  return found;
}

/** IKS's cluster state. */
function clusterState(cluster: Cluster): string {
  switch (cluster.state) {
    case "creating":
      return "deploying";
    case "active":
      return "normal";
    case "updating":
      return "updating";
    case "deleting":
      return "deleting";
    case "failed":
      return "critical";
  }
}

/** Reserved worker pool labels: the range and auto-scaling IKS leaves to its autoscaler add-on. */
const minLabel = "cloud-barista.io/min-size";
const maxLabel = "cloud-barista.io/max-size";

function zonesOf(c: Call, group: NodeGroup): { id: string; subnetID: string; workerCount: number }[] {
  const zones = c.front.state.iksZones.get(group.id) ?? [];
  const perZone = zones.length === 0 ? group.desiredSize : Math.round(group.desiredSize / zones.length);
  return zones.map((z) => ({ ...z, workerCount: perZone }));
}

function renderPool(c: Call, group: NodeGroup): Json {
  const zones = zonesOf(c, group);
  return {
    id: group.id,
    poolName: group.name,
    flavor: group.specName,
    provider: "vpc-gen2",
    workerCount: zones[0]?.workerCount ?? group.desiredSize,
    isBalanced: true,
    autoscaleEnabled: group.autoScaling,
    labels: {
      ...(c.front.state.iksLabels.get(group.id) ?? {}),
      [minLabel]: String(group.minSize),
      [maxLabel]: String(group.maxSize),
    },
    lifecycle: {
      actualState: group.state === "active" ? "active" : group.state === "deleting" ? "deleting" : "provisioning",
      desiredState: group.state === "deleting" ? "deleted" : "active",
    },
    zones: zones.map((z) => ({ id: z.id, workerCount: z.workerCount, subnets: [{ id: z.subnetID, primary: true }] })),
    hostPoolID: "",
    operatingSystem: "UBUNTU_24_64",
    vpcID: c.front.state.iksVpcs.get(group.clusterId) ?? "",
  };
}

async function renderCluster(c: Call, cluster: Cluster): Promise<Json> {
  const serving = cluster.state === "active" || cluster.state === "updating";
  const access = serving
    ? await c.front.world.kube.access({ provider: "IBM", account: c.account, region: c.region, clusterId: cluster.id })
    : undefined;
  return {
    id: cluster.id,
    name: cluster.name,
    region: c.region,
    resourceGroup: "default",
    provider: "vpc-gen2",
    state: clusterState(cluster),
    status: "",
    masterKubeVersion: cluster.version,
    targetVersion: cluster.upgradingTo ?? cluster.version,
    createdDate: new Date(cluster.createdAt).toISOString(),
    workerCount: cluster.nodeGroups.reduce((n, g) => n + g.desiredSize, 0),
    workerZones: c.front.state.iksClusterZones.get(cluster.id) ?? [],
    vpcs: [cluster.vpc.id],
    serviceEndpoints: {
      privateServiceEndpointEnabled: true,
      privateServiceEndpointURL: "",
      publicServiceEndpointEnabled: true,
      publicServiceEndpointURL: access?.endpoint ?? "",
    },
    masterURL: access?.endpoint ?? "",
    lifecycle: {
      masterStatus: serving ? "Ready" : "",
      masterState: serving ? "deployed" : "deploying",
      masterHealth: serving ? "normal" : "",
    },
    securityGroups: cluster.securityGroups.map((s) => s.id),
  };
}

function poolInput(cloud: AccountRegion, input: Json, name: string) {
  const flavor = required(input, "flavor");
  const workerCount = count(input, "workerCount");
  const zones = Array.isArray(input["zones"]) ? (input["zones"] as Json[]) : [];
  if (zones.length === 0) throw iksError(400, "E0011", "BadRequest", "The 'zones' field needs at least one zone.");
  const parsed = zones.map((z) => {
    const id = required(z, "id");
    const subnetID = required(z, "subnetID");
    const subnet = cloud.subnets.get(subnetID);
    if (subnet.zone !== undefined && subnet.zone !== id)
      throw iksError(400, "E0011", "BadRequest", `Subnet ${subnetID} is not in zone ${id}.`);
    return { id, subnetID };
  });
  const labels = (input["labels"] !== null && typeof input["labels"] === "object" ? input["labels"] : {}) as Record<
    string,
    unknown
  >;
  const desired = workerCount * parsed.length;
  const min = Number(labels[minLabel] ?? desired);
  const max = Number(labels[maxLabel] ?? Math.max(desired, 1));
  return {
    zones: parsed,
    input: {
      name,
      specName: flavor,
      autoScaling: false,
      desiredSize: desired,
      minSize: Number.isInteger(min) ? min : desired,
      maxSize: Number.isInteger(max) ? max : Math.max(desired, 1),
    },
  };
}

/** A body's `labels`, strings only. */
function labelsOf(input: Json): Record<string, string> {
  const raw = input["labels"];
  if (raw === null || typeof raw !== "object") return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[._]/).map(Number);
  const pb = b.split(/[._]/).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

type Handler = (c: Call) => Promise<FrontResponse>;

const routes: readonly { method: string; path: string; api: string; handle: Handler }[] = [
  {
    method: "GET",
    path: "/global/v1/versions",
    api: "iks:GetVersions",
    handle: (c) =>
      c.gate("iks:GetVersions", (cloud) =>
        json(200, {
          kubernetes: cloud.clusters.versions().map((v) => {
            const [major = 1, minor = 0, patch = 0] = v.version.split(".").map(Number);
            return {
              major,
              minor,
              patch,
              default: v.default === true,
              end_of_service: v.deprecated ? "2026-02-28" : "",
            };
          }),
          openshift: [],
        }),
      ),
  },
  {
    method: "POST",
    path: "/global/v2/vpc/createCluster",
    api: "iks:CreateCluster",
    handle: async (c) => {
      const input = c.body();
      const name = required(input, "name");
      if (str(input, "provider") !== "vpc-gen2")
        throw iksError(400, "E0011", "BadRequest", "Only provider vpc-gen2 is served.");
      const pool = (
        input["workerPool"] !== null && typeof input["workerPool"] === "object" ? input["workerPool"] : {}
      ) as Json;
      const vpcId = required(pool, "vpcID");
      return c.gate("iks:CreateCluster", (cloud) => {
        const versions = cloud.clusters.versions();
        const version = str(input, "kubeVersion") ?? versions.find((v) => v.default)?.version ?? "";
        if (!versions.some((v) => v.version === version))
          throw iksError(400, "E0036", "VersionNotSupported", `The Kubernetes version ${version} is not supported.`);
        const { zones, input: group } = poolInput(cloud, pool, str(pool, "name") ?? "default");
        const securityGroups = Array.isArray(input["securityGroupIDs"]) ? (input["securityGroupIDs"] as string[]) : [];
        const cluster = cloud.clusters.create({
          name,
          version,
          vpcId,
          subnetIds: zones.map((z) => z.subnetID),
          securityGroupIds: securityGroups,
          nodeGroups: group.desiredSize > 0 ? [group] : [],
        });
        c.front.state.iksVpcs.set(cluster.id, vpcId);
        c.front.state.iksClusterZones.set(cluster.id, [...new Set(zones.map((z) => z.id))]);
        const made = cluster.nodeGroups[0];
        if (made) {
          c.front.state.iksZones.set(made.id, zones);
          c.front.state.iksLabels.set(made.id, labelsOf(pool));
        }
        return json(201, { clusterID: cluster.id });
      });
    },
  },
  {
    method: "GET",
    path: "/global/v2/vpc/getClusters",
    api: "iks:GetClusters",
    handle: (c) =>
      c.gate("iks:GetClusters", async (cloud) => {
        const out: Json[] = [];
        for (const cluster of cloud.clusters.list().items) out.push(await renderCluster(c, cluster));
        return json(200, out);
      }),
  },
  {
    method: "GET",
    path: "/global/v2/vpc/getCluster",
    api: "iks:GetCluster",
    handle: (c) =>
      c.gate("iks:GetCluster", async (cloud) =>
        json(200, await renderCluster(c, clusterOf(cloud, c.request.url.searchParams.get("cluster") ?? ""))),
      ),
  },
  {
    method: "POST",
    path: "/global/v2/vpc/createWorkerPool",
    api: "iks:CreateWorkerPool",
    handle: (c) => {
      const input = c.body();
      return c.gate("iks:CreateWorkerPool", (cloud) => {
        const cluster = clusterOf(cloud, required(input, "cluster"));
        const name = required(input, "name");
        if (cluster.nodeGroups.some((g) => g.name === name))
          throw iksError(409, "E0057", "WorkerPoolAlreadyExists", `A worker pool named ${name} already exists.`);
        const { zones, input: group } = poolInput(cloud, input, name);
        const made = cloud.clusters.addNodeGroup(cluster.id, group);
        c.front.state.iksZones.set(made.id, zones);
        c.front.state.iksLabels.set(made.id, labelsOf(input));
        return json(201, { workerPoolID: made.id });
      });
    },
  },
  {
    method: "GET",
    path: "/global/v2/vpc/getWorkerPools",
    api: "iks:GetWorkerPools",
    handle: (c) =>
      c.gate("iks:GetWorkerPools", (cloud) =>
        json(
          200,
          clusterOf(cloud, c.request.url.searchParams.get("cluster") ?? "").nodeGroups.map((g) => renderPool(c, g)),
        ),
      ),
  },
  {
    method: "GET",
    path: "/global/v2/vpc/getWorkers",
    api: "iks:GetWorkers",
    handle: (c) =>
      c.gate("iks:GetWorkers", (cloud) => {
        const q = c.request.url.searchParams;
        const cluster = clusterOf(cloud, q.get("cluster") ?? "");
        const pool = q.get("pool");
        const workers = cluster.nodeGroups
          .filter((g) => pool === null || g.id === pool || g.name === pool)
          .flatMap((g) =>
            g.nodes.map(({ id }) => {
              const vm = cloud.vms.get(id);
              const ready = vm.state === "running";
              return {
                id: vm.id,
                poolID: g.id,
                poolName: g.name,
                flavor: g.specName,
                location: vm.zone,
                lifecycle: { actualState: ready ? "deployed" : "provisioning", desiredState: "deployed" },
                health: { state: ready ? "normal" : "pending", message: ready ? "Ready" : "" },
                kubeVersion: { actual: cluster.version, desired: cluster.upgradingTo ?? cluster.version },
                networkInterfaces: [{ ipAddress: vm.privateIp, cidr: "", subnetID: vm.subnet.id, primary: true }],
              };
            }),
          );
        return json(200, workers);
      }),
  },
  {
    method: "POST",
    path: "/global/v2/resizeWorkerPool",
    api: "iks:ResizeWorkerPool",
    handle: (c) => {
      const input = c.body();
      return c.gate("iks:ResizeWorkerPool", (cloud) => {
        const cluster = clusterOf(cloud, required(input, "cluster"));
        const pool = poolOf(cluster, required(input, "workerpool"));
        const size = count(input, "size");
        const desired = size * Math.max(zonesOf(c, pool).length, 1);
        const min = Math.min(pool.minSize, desired);
        const max = Math.max(pool.maxSize, desired, 1);
        cloud.clusters.scaleNodeGroup(cluster.id, pool.id, { desired, min, max });
        return { status: 204, headers: { "content-length": "0" } };
      });
    },
  },
  {
    method: "POST",
    path: "/global/v2/setWorkerPoolLabels",
    api: "iks:SetWorkerPoolLabels",
    handle: (c) => {
      const input = c.body();
      return c.gate("iks:SetWorkerPoolLabels", (cloud) => {
        const cluster = clusterOf(cloud, required(input, "cluster"));
        const pool = poolOf(cluster, required(input, "workerpool"));
        const labels = (
          input["labels"] !== null && typeof input["labels"] === "object" ? input["labels"] : {}
        ) as Record<string, unknown>;
        const min = labels[minLabel] === undefined ? pool.minSize : Number(labels[minLabel]);
        const max = labels[maxLabel] === undefined ? pool.maxSize : Number(labels[maxLabel]);
        if (!Number.isInteger(min) || !Number.isInteger(max) || min > pool.desiredSize || max < pool.desiredSize)
          throw iksError(
            400,
            "E0011",
            "BadRequest",
            `The labels' range ${min}..${max} must hold the pool's ${pool.desiredSize} workers.`,
          );
        cloud.clusters.scaleNodeGroup(cluster.id, pool.id, { desired: pool.desiredSize, min, max });
        c.front.state.iksLabels.set(pool.id, { ...(c.front.state.iksLabels.get(pool.id) ?? {}), ...labelsOf(input) });
        return { status: 204, headers: { "content-length": "0" } };
      });
    },
  },
  {
    method: "POST",
    path: "/global/v2/removeWorkerPool",
    api: "iks:RemoveWorkerPool",
    handle: (c) => {
      const input = c.body();
      return c.gate("iks:RemoveWorkerPool", (cloud) => {
        const cluster = clusterOf(cloud, required(input, "cluster"));
        const pool = poolOf(cluster, required(input, "workerpool"));
        cloud.clusters.removeNodeGroup(cluster.id, pool.id);
        return { status: 204, headers: { "content-length": "0" } };
      });
    },
  },
  {
    // What `ibmcloud ks cluster config` posts. Without `format` the kubeconfig comes as JSON, its user
    // authenticating with IAM's OIDC tokens (kubectl's old `oidc` auth provider): the ID token is what
    // the API server takes as a bearer token. `format: "zip"` (YAML and PEM files, the CLI's choice)
    // and `admin: true` (client certificates) are not served by the emulator.
    method: "POST",
    path: "/global/v2/applyRBACAndGetKubeconfig",
    api: "iks:GetKubeconfig",
    handle: (c) => {
      const input = c.body();
      return c.gate("iks:GetKubeconfig", async (cloud) => {
        const cluster = clusterOf(cloud, required(input, "cluster"));
        if (input["format"] !== undefined && input["format"] !== "json")
          throw iksError(400, "E0011", "BadRequest", "The emulator serves the kubeconfig as JSON only (no format).");
        if (input["admin"] === true)
          throw iksError(400, "E0011", "BadRequest", "The emulator serves no admin (client certificate) kubeconfig.");
        if (cluster.state !== "active" && cluster.state !== "updating")
          throw iksError(409, "E0062", "ClusterNotReady", `The cluster ${cluster.id} is not ready.`);
        const access = await c.front.world.kube.access({
          provider: "IBM",
          account: c.account,
          region: c.region,
          clusterId: cluster.id,
        });
        const name = `${cluster.name}/${cluster.id}`;
        const user = `IAM#${c.account}`;
        const config = {
          kind: "Config",
          apiVersion: "v1",
          preferences: {},
          clusters: [
            {
              name,
              cluster: {
                server: access.endpoint,
                "certificate-authority-data": Buffer.from(access.caCertificate).toString("base64"),
              },
            },
          ],
          contexts: [{ name, context: { cluster: name, user, namespace: "default" } }],
          "current-context": name,
          users: [
            {
              name: user,
              user: {
                "auth-provider": {
                  name: "oidc",
                  config: {
                    "client-id": "kube",
                    "client-secret": "kube",
                    // The caller's IAM token: it expires with it (an hour).
                    "id-token": c.token,
                    "idp-issuer-url": "https://iam.cloud.ibm.com/identity",
                    "refresh-token": "",
                  },
                },
              },
            },
          ],
        };
        return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(config) };
      });
    },
  },
  {
    method: "DELETE",
    path: "/global/v1/clusters/",
    api: "iks:RemoveCluster",
    handle: (c) =>
      c.gate("iks:RemoveCluster", (cloud) => {
        const cluster = clusterOf(cloud, decodeURIComponent(c.request.url.pathname.split("/").pop() ?? ""));
        if (cluster.state !== "deleting") cloud.clusters.beginDelete(cluster.id);
        return { status: 204, headers: { "content-length": "0" } };
      }),
  },
  {
    method: "PUT",
    path: "/global/v1/clusters/",
    api: "iks:UpdateCluster",
    handle: (c) => {
      const input = c.body();
      return c.gate("iks:UpdateCluster", (cloud) => {
        const cluster = clusterOf(cloud, decodeURIComponent(c.request.url.pathname.split("/").pop() ?? ""));
        if (str(input, "action") !== "update")
          throw iksError(400, "E0011", "BadRequest", "The action must be 'update'.");
        const version = required(input, "version");
        if (compareVersions(version, cluster.version) <= 0)
          throw iksError(
            400,
            "E0036",
            "VersionNotSupported",
            `The cluster cannot be updated from ${cluster.version} to ${version}.`,
          );
        cloud.clusters.upgrade(cluster.id, version);
        return { status: 204, headers: { "content-length": "0" } };
      });
    },
  },
];

/** Serves `/containers/...` (the IKS API's host, containers.cloud.ibm.com, in the front). */
export async function serveContainers(front: IbmFront, request: FrontRequest): Promise<FrontResponse> {
  try {
    const path = request.url.pathname.slice(prefix.length);
    const route = routes.find(
      (r) =>
        r.method === request.method &&
        (r.path.endsWith("/") ? path.startsWith(r.path) && path.length > r.path.length : path === r.path),
    );
    if (!route) throw iksError(404, "E0001", "NotFound", "The requested route does not exist.");
    const claims = authorize(front.iam, request);
    const regionHeader = request.headers["x-region"];
    const region = typeof regionHeader === "string" ? regionHeader : "";
    if (!front.world.catalog("IBM").regions.some((r) => r.name === region))
      throw iksError(400, "E0012", "InvalidRegion", `The region '${region}' in the X-Region header is not valid.`);
    const token = String(request.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    let body: Json | undefined;
    const account = claims.account.bss;
    const call: Call = {
      front,
      request,
      account,
      region,
      token,
      body: () => (body ??= readJson(request)),
      gate: (api, fn) => front.world.call({ provider: "IBM", account, region, api }, fn),
    };
    return await route.handle(call);
  } catch (error) {
    return errorResponse(error);
  }
}

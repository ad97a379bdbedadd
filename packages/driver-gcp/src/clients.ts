import { AsyncLocalStorage } from "node:async_hooks";
import {
  DisksClient,
  FirewallsClient,
  ForwardingRulesClient,
  GlobalOperationsClient,
  ImagesClient,
  InstancesClient,
  MachineTypesClient,
  NetworksClient,
  ProjectsClient,
  RegionOperationsClient,
  RegionsClient,
  SubnetworksClient,
  TargetPoolsClient,
  ZoneOperationsClient,
  ZonesClient,
} from "@google-cloud/compute";
import { ClusterManagerClient } from "@google-cloud/container";
import { GoogleAuth, JWT } from "google-auth-library";
import type { AuthClient } from "google-auth-library";
import type { DriverSettings } from "@cloud-barista/core/driver";
import type { GcpCredential } from "./credentials.js";
import type { WireFacts } from "./errors.js";

/** Where the driver reaches Google: Compute Engine, the Cloud Billing Catalog, GKE and the OAuth token endpoint. */
export interface GcpEndpoints {
  compute?: string | undefined;
  billing?: string | undefined;
  container?: string | undefined;
  /** The OAuth 2.0 server; its token endpoint is `<oauth2>/token` (Google's https://oauth2.googleapis.com/token). */
  oauth2?: string | undefined;
}

/** Google's token endpoint, which google-auth-library posts JWT-bearer grants to. */
const googleTokenUrl = "https://oauth2.googleapis.com/token";

/** Sends the auth client's token requests to the `oauth2` endpoint override instead of Google's. */
function redirectTokenUrl(client: AuthClient, oauth2: string | undefined): void {
  if (oauth2 === undefined) return;
  const target = `${oauth2.replace(/\/$/, "")}/token`;
  (client as unknown as Interceptable).transporter.interceptors.request.add({
    resolved: (config) => {
      if (String(config.url ?? "") === googleTokenUrl) config.url = target;
      return config;
    },
  });
}

/** What one attempt carries to the wire: its abort signal, and what the wire tells back. */
export interface Attempt extends WireFacts {
  signal: AbortSignal;
}

/**
 * The attempt a request belongs to. google-gax takes no abort signal and keeps no response
 * headers; the request interceptor finds the attempt it runs for here (the async context of the
 * call that made it), so each attempt is aborted by its own signal and its Retry-After is kept.
 */
export const attempts = new AsyncLocalStorage<Attempt>();

/** A gaxios request's options as the interceptors use them. */
interface WireConfig {
  url?: string | URL;
  method?: string;
  headers?: Headers;
  agent?: unknown;
  signal?: AbortSignal;
}
interface Interceptable {
  transporter: {
    interceptors: {
      request: { add(i: { resolved?: (c: WireConfig) => WireConfig | Promise<WireConfig> }): void };
      response: {
        add(i: { resolved?: (r: { headers?: Headers }) => unknown; rejected?: (e: unknown) => unknown }): void;
      };
    };
  };
}

/**
 * Hooks the application's transport into an auth client's gaxios transporter, which sends every
 * request the Compute clients and the billing calls make: the agent for the URL's protocol (in
 * place of google-gax's own keep-alive agents), the request hook (after the bearer token is set:
 * Google's tokens sign nothing of the request), the attempt's abort signal and Retry-After.
 */
function hookTransport(client: AuthClient, settings: DriverSettings): void {
  const { httpAgent, httpsAgent, onRequest } = settings.transport;
  const { interceptors } = (client as unknown as Interceptable).transporter;
  interceptors.request.add({
    resolved: (config) => {
      const url = String(config.url ?? "");
      const agent = url.startsWith("https:") ? httpsAgent : httpAgent;
      if (agent) config.agent = agent;
      const attempt = attempts.getStore();
      if (attempt) {
        attempt.sent = true;
        config.signal = config.signal ? AbortSignal.any([config.signal, attempt.signal]) : attempt.signal;
      }
      if (onRequest) {
        const headers = config.headers ?? new Headers();
        const record: Record<string, string> = {};
        headers.forEach((value, name) => {
          record[name] = value;
        });
        onRequest({ method: config.method ?? "GET", url, headers: record });
        for (const [name, value] of Object.entries(record)) if (headers.get(name) !== value) headers.set(name, value);
        config.headers = headers;
      }
      return config;
    },
  });
  const note = (headers: Headers | undefined) => {
    const attempt = attempts.getStore();
    if (attempt) attempt.retryAfter = headers?.get("retry-after") ?? undefined;
  };
  interceptors.response.add({
    resolved: (response) => {
      note(response.headers);
      return response;
    },
    rejected: (error: unknown) => {
      note((error as { response?: { headers?: Headers } } | undefined)?.response?.headers);
      throw error;
    },
  });
}

/** The Compute Engine clients the driver uses, by the name it reaches them. */
const computeClients = {
  regions: RegionsClient,
  zones: ZonesClient,
  images: ImagesClient,
  machineTypes: MachineTypesClient,
  projects: ProjectsClient,
  networks: NetworksClient,
  subnetworks: SubnetworksClient,
  firewalls: FirewallsClient,
  instances: InstancesClient,
  disks: DisksClient,
  targetPools: TargetPoolsClient,
  forwardingRules: ForwardingRulesClient,
  zoneOperations: ZoneOperationsClient,
  regionOperations: RegionOperationsClient,
  globalOperations: GlobalOperationsClient,
} as const;

export type ComputeClients = { readonly [K in keyof typeof computeClients]: InstanceType<(typeof computeClients)[K]> };

/** google-gax's options for one endpoint URL: host, port and protocol (REST over HTTP/1.1). */
function endpointOptions(url: string | undefined) {
  if (url === undefined) return {};
  const parsed = new URL(url);
  const secure = parsed.protocol === "https:";
  return {
    apiEndpoint: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 443 : 80,
    protocol: secure ? "https" : "http",
  };
}

/**
 * The clients of one connection, made once: the auth clients (a service-account JWT that signs
 * its own bearer tokens per audience, as Google's libraries do for a key file; or the application
 * default credentials) and the Compute Engine clients on the REST transport (`fallback: true`).
 */
export class GcpClients {
  readonly compute: ComputeClients;
  /** Authorizes Cloud Billing requests (its own audience) over the same transport. */
  readonly billingAuth: AuthClient;
  /** Authorizes Compute Engine requests the SDK has no client for (legacy HTTP health checks). */
  readonly computeAuth: AuthClient;
  /** GKE (container.googleapis.com v1) on the REST transport. */
  readonly container: ClusterManagerClient;
  /** OAuth 2.0 access tokens of the credential (scope cloud-platform): GKE kubeconfigs carry one. */
  readonly tokenAuth: AuthClient;
  /** Compute Engine's base URL ("https://compute.googleapis.com", or the endpoint override). */
  readonly computeBase: string;
  readonly projectId: string;

  private constructor(
    compute: ComputeClients,
    container: ClusterManagerClient,
    auth: { compute: AuthClient; billing: AuthClient; token: AuthClient },
    computeBase: string,
    projectId: string,
  ) {
    this.compute = compute;
    this.container = container;
    this.tokenAuth = auth.token;
    this.billingAuth = auth.billing;
    this.computeAuth = auth.compute;
    this.computeBase = computeBase;
    this.projectId = projectId;
  }

  static async create(
    credential: GcpCredential,
    endpoints: GcpEndpoints,
    settings: DriverSettings,
  ): Promise<GcpClients> {
    let computeAuth: AuthClient;
    let billingAuth: AuthClient;
    let containerAuth: AuthClient;
    let tokenAuth: AuthClient;
    let projectId: string;
    if (credential.kind === "service-account") {
      const jwt = () =>
        new JWT({ email: credential.clientEmail, key: credential.privateKey, keyId: credential.privateKeyId });
      computeAuth = jwt();
      billingAuth = jwt();
      containerAuth = jwt();
      // With a scope, the JWT client trades its assertion for an OAuth access token (the grant).
      tokenAuth = new JWT({
        email: credential.clientEmail,
        key: credential.privateKey,
        keyId: credential.privateKeyId,
        scopes: ["https://www.googleapis.com/auth/cloud-platform"],
      });
      redirectTokenUrl(tokenAuth, endpoints.oauth2);
      // Self-signed tokens (no OAuth exchange): audience the service, as for any key-file credential.
      (billingAuth as JWT).defaultServicePath = "cloudbilling.googleapis.com";
      projectId = credential.projectId;
    } else {
      const auth = new GoogleAuth({ scopes: ["https://www.googleapis.com/auth/cloud-platform"] });
      computeAuth = await auth.getClient();
      billingAuth = computeAuth;
      containerAuth = computeAuth;
      tokenAuth = computeAuth;
      projectId = credential.projectId ?? (await auth.getProjectId());
    }
    hookTransport(computeAuth, settings);
    if (billingAuth !== computeAuth) hookTransport(billingAuth, settings);
    if (containerAuth !== computeAuth) hookTransport(containerAuth, settings);
    if (tokenAuth !== computeAuth) hookTransport(tokenAuth, settings);
    const options = { fallback: true, authClient: computeAuth, ...endpointOptions(endpoints.compute) };
    const compute = Object.fromEntries(
      Object.entries(computeClients).map(([name, Client]) => [name, new Client({ ...options })]),
    ) as unknown as ComputeClients;
    const container = new ClusterManagerClient({
      fallback: true,
      authClient: containerAuth,
      ...endpointOptions(endpoints.container),
    });
    const base = (endpoints.compute ?? "https://compute.googleapis.com").replace(/\/$/, "");
    return new GcpClients(
      compute,
      container,
      { compute: computeAuth, billing: billingAuth, token: tokenAuth },
      base,
      projectId,
    );
  }

  async close(): Promise<void> {
    await Promise.all(
      [...Object.values(this.compute), this.container].map((c: { close(): Promise<void> }) => c.close()),
    );
  }
}

import { NetworkManagementClient } from "@azure/arm-network";
import { createNetworkManagement } from "@azure/arm-network/api";
import type { NetworkManagementContext } from "@azure/arm-network/api";
import { ComputeManagementClient } from "@azure/arm-compute";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceManagementClient } from "@azure/arm-resources";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential } from "@azure/identity";
import type { TokenCredential } from "@azure/identity";
import type { DriverSettings } from "@cloud-barista/core/driver";
import type { AzureCredential } from "./credentials.js";
import { invalid } from "./errors.js";

/** Where the driver reaches Azure: Resource Manager and the Microsoft Entra ID authority. */
export interface AzureEndpoints {
  management?: string | undefined;
  login?: string | undefined;
}

/** A pipeline request as the request hook needs it (core-rest-pipeline's PipelineRequest). */
interface WireRequest {
  method: string;
  url: string;
  headers: {
    toJSON(): Record<string, string>;
    set(name: string, value: string): void;
    get(name: string): string | undefined;
  };
}

/**
 * The pipeline options every client and the credential share: SDK retries off (the runtime retries
 * and records each attempt), the application's agent (proxies, a custom CA such as the emulator's)
 * and its request hook, run before the bearer token is added.
 */
function pipelineOptions(settings: DriverSettings) {
  const { httpsAgent, onRequest } = settings.transport;
  const hook = onRequest && {
    policy: {
      name: "cloudBaristaOnRequest",
      sendRequest(request: WireRequest, next: (r: WireRequest) => Promise<unknown>) {
        const headers = request.headers.toJSON();
        onRequest({ method: request.method, url: request.url, headers });
        for (const [name, value] of Object.entries(headers)) {
          if (request.headers.get(name) !== value) request.headers.set(name, value);
        }
        return next(request);
      },
    },
    position: "perRetry" as const,
  };
  return {
    retryOptions: { maxRetries: 0 },
    ...(httpsAgent ? { agent: httpsAgent } : {}),
    ...(hook ? { additionalPolicies: [hook as never] } : {}),
  };
}

/**
 * The credential of a sign-in, on the connection's pipeline and authority (with a `login` override,
 * instance discovery off so a private authority such as the emulator's works).
 */
function tokenCredential(
  signIn: AzureCredential["signIn"],
  endpoints: AzureEndpoints,
  pipeline: ReturnType<typeof pipelineOptions>,
): TokenCredential {
  const options = {
    ...pipeline,
    ...(endpoints.login ? { authorityHost: endpoints.login, disableInstanceDiscovery: true } : {}),
  };
  switch (signIn.kind) {
    case "secret":
      return new ClientSecretCredential(signIn.tenantId, signIn.clientId, signIn.clientSecret, options);
    case "certificate":
      return new ClientCertificateCredential(
        signIn.tenantId,
        signIn.clientId,
        { certificate: signIn.certificate },
        { ...options, sendCertificateChain: signIn.sendCertificateChain },
      );
    case "default":
      try {
        return new DefaultAzureCredential(options);
      } catch (error) {
        // The chain refuses a bad AZURE_TOKEN_CREDENTIALS when made; the message names the variable.
        throw invalid("credential", "default-chain", error instanceof Error ? error.message : "unusable environment");
      }
  }
}

/**
 * The SDK clients of one connection, made once: the sign-in's credential against the Entra ID
 * authority, and
 * the Resource Manager clients on the management endpoint. `network` also serves raw GETs of
 * absolute URLs (an operation's Azure-AsyncOperation and Location) through the same pipeline.
 */
export class AzureClients {
  readonly credential: TokenCredential;
  readonly network: NetworkManagementClient;
  readonly compute: ComputeManagementClient;
  /** AKS: managed clusters and their agent pools. */
  readonly containers: ContainerServiceClient;
  readonly resources: ResourceManagementClient;
  readonly subscriptions: SubscriptionClient;
  /** For GETs of absolute URLs (operation status), signed like every other call. */
  readonly raw: NetworkManagementContext;

  constructor(credential: AzureCredential, endpoints: AzureEndpoints, settings: DriverSettings) {
    const pipeline = pipelineOptions(settings);
    this.credential = tokenCredential(credential.signIn, endpoints, pipeline);
    const options = { ...pipeline, ...(endpoints.management ? { endpoint: endpoints.management } : {}) };
    const { subscriptionId } = credential;
    this.network = new NetworkManagementClient(this.credential, subscriptionId, options);
    this.compute = new ComputeManagementClient(this.credential, subscriptionId, options);
    this.containers = new ContainerServiceClient(this.credential, subscriptionId, options);
    this.resources = new ResourceManagementClient(this.credential, subscriptionId, options);
    this.subscriptions = new SubscriptionClient(this.credential, options);
    this.raw = createNetworkManagement(this.credential, subscriptionId, options);
  }
}

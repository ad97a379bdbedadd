import { EC2Client } from "@aws-sdk/client-ec2";
import type { EC2ClientConfig } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { PricingClient } from "@aws-sdk/client-pricing";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import type { DriverSettings } from "@cloud-barista/core/driver";
import type { AwsService } from "./apis.js";

export interface AwsClientsOptions {
  region: string;
  credentials: EC2ClientConfig["credentials"];
  endpoints: Partial<Record<AwsService, string>>;
  /** Where the Price List Query API is served (us-east-1, eu-central-1 or ap-south-1). */
  pricingRegion: string;
  settings: DriverSettings;
}

/** A smithy HTTP request, as far as the request hook needs it. */
interface WireRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

type AnyClient = EC2Client | ElasticLoadBalancingV2Client | PricingClient | ServiceQuotasClient | EKSClient;

/** The part of a client's middleware stack the request hook uses (the same for every client). */
interface MiddlewareStack {
  add(
    middleware: (
      next: (args: { request: unknown }) => Promise<unknown>,
    ) => (args: { request: unknown }) => Promise<unknown>,
    options: { step: "build"; name: string },
  ): void;
}

/**
 * The SDK clients of one connection, created on first use and reused: EC2 per region (zones are
 * listed region by region), ELBv2, the Price List Query API and Service Quotas. SDK retries are off
 * (`maxAttempts: 1`): the runtime retries every native call itself and records each attempt.
 */
export class AwsClients {
  readonly #options: AwsClientsOptions;
  readonly #clients = new Map<string, AnyClient>();

  constructor(options: AwsClientsOptions) {
    this.#options = options;
  }

  #config(service: AwsService, region: string) {
    const { credentials, settings, endpoints } = this.#options;
    const { httpAgent, httpsAgent } = settings.transport;
    const endpoint = endpoints[service];
    return {
      region,
      maxAttempts: 1,
      requestHandler: {
        requestTimeout: settings.requestTimeoutMs,
        connectionTimeout: settings.requestTimeoutMs,
        ...(httpAgent ? { httpAgent } : {}),
        ...(httpsAgent ? { httpsAgent } : {}),
      },
      ...(credentials === undefined ? {} : { credentials }),
      ...(endpoint === undefined ? {} : { endpoint }),
    };
  }

  /** The client of a service (EC2 in the given region, the connection's by default). */
  of(service: AwsService, region = this.#options.region): AnyClient {
    const key = `${service}/${service === "pricing" ? this.#options.pricingRegion : region}`;
    let client = this.#clients.get(key);
    if (!client) {
      client =
        service === "ec2"
          ? new EC2Client(this.#config(service, region))
          : service === "elbv2"
            ? new ElasticLoadBalancingV2Client(this.#config(service, this.#options.region))
            : service === "quotas"
              ? new ServiceQuotasClient(this.#config(service, this.#options.region))
              : service === "eks"
                ? new EKSClient(this.#config(service, this.#options.region))
                : new PricingClient(this.#config(service, this.#options.pricingRegion));
      this.#hook(client);
      this.#clients.set(key, client);
    }
    return client;
  }

  /** The user's request hook sees each request before it is signed, so headers it adds are signed too. */
  #hook(client: AnyClient): void {
    const onRequest = this.#options.settings.transport.onRequest;
    if (!onRequest) return;
    const stack = client.middlewareStack as unknown as MiddlewareStack;
    stack.add(
      (next) => (args) => {
        const request = args.request as WireRequest;
        const query = new URLSearchParams(
          Object.entries(request.query ?? {}).flatMap(([k, v]) =>
            v === null ? [] : [v].flat().map((x): [string, string] => [k, x]),
          ),
        ).toString();
        const port = request.port ? `:${request.port}` : "";
        const url = `${request.protocol}//${request.hostname}${port}${request.path}${query ? `?${query}` : ""}`;
        onRequest({ method: request.method, url, headers: request.headers });
        return next(args);
      },
      { step: "build", name: "cloudBaristaOnRequest" },
    );
  }

  /** Releases every client's sockets. */
  close(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}

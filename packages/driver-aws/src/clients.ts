import { EC2Client } from "@aws-sdk/client-ec2";
import type { EC2ClientConfig } from "@aws-sdk/client-ec2";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { PricingClient } from "@aws-sdk/client-pricing";
import type { AwsEndpoints } from "./endpoints.js";

export interface AwsClientsOptions {
  region: string;
  credentials: EC2ClientConfig["credentials"];
  endpoints: AwsEndpoints;
  /** Where the Price List Query API is served (us-east-1, eu-central-1 or ap-south-1). */
  pricingRegion: string;
  requestTimeoutMs: number;
}

/**
 * The SDK clients of one connection, created on first use and reused. SDK retries are off
 * (`maxAttempts: 1`): the runtime retries every native call itself and records each attempt.
 * EC2 clients exist per region, since zones are listed region by region.
 */
export class AwsClients {
  readonly #options: AwsClientsOptions;
  readonly #ec2 = new Map<string, EC2Client>();
  #elb: ElasticLoadBalancingV2Client | undefined;
  #pricing: PricingClient | undefined;

  constructor(options: AwsClientsOptions) {
    this.#options = options;
  }

  #config(region: string, endpoint: string | undefined) {
    const { credentials, requestTimeoutMs } = this.#options;
    return {
      region,
      maxAttempts: 1,
      requestHandler: { requestTimeout: requestTimeoutMs, connectionTimeout: requestTimeoutMs },
      ...(credentials === undefined ? {} : { credentials }),
      ...(endpoint === undefined ? {} : { endpoint }),
    };
  }

  /** The EC2 client of a region (the connection's by default). */
  ec2(region = this.#options.region): EC2Client {
    let client = this.#ec2.get(region);
    if (!client) {
      client = new EC2Client(this.#config(region, this.#options.endpoints.ec2));
      this.#ec2.set(region, client);
    }
    return client;
  }

  get elb(): ElasticLoadBalancingV2Client {
    this.#elb ??= new ElasticLoadBalancingV2Client(this.#config(this.#options.region, this.#options.endpoints.elbv2));
    return this.#elb;
  }

  get pricing(): PricingClient {
    this.#pricing ??= new PricingClient(this.#config(this.#options.pricingRegion, this.#options.endpoints.pricing));
    return this.#pricing;
  }

  /** Releases every client's sockets. */
  close(): void {
    for (const client of this.#ec2.values()) client.destroy();
    this.#ec2.clear();
    this.#elb?.destroy();
    this.#pricing?.destroy();
    this.#elb = undefined;
    this.#pricing = undefined;
  }
}

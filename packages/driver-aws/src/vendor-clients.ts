import type { EC2Client } from "@aws-sdk/client-ec2";
import type { EKSClient } from "@aws-sdk/client-eks";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { PricingClient } from "@aws-sdk/client-pricing";
import type { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { invalid } from "./errors.js";
import type { AwsClients } from "./clients.js";

/** The AWS SDK clients behind a connection, for calls the portable API lacks. */
export interface AwsVendorClients {
  /** The EC2 client of a region (the connection's by default). */
  ec2: (region?: string) => EC2Client;
  /** The Elastic Load Balancing v2 client. */
  elbv2: () => ElasticLoadBalancingV2Client;
  /** The Pricing client. */
  pricing: () => PricingClient;
  /** The Service Quotas client. */
  quotas: () => ServiceQuotasClient;
  /** The connection's EKS client (managed Kubernetes). */
  eks: () => EKSClient;
}

/**
 * The SDK clients of an AWS connection (`await barista.connection(name)`): configured with its
 * credential, region, endpoint and transport. Calls made with them bypass the runtime (no retries,
 * call history or locks); close nothing they return, the connection owns them.
 */
export async function awsVendorClients(connection: {
  provider: string;
  vendorClient(): Promise<unknown>;
}): Promise<AwsVendorClients> {
  if (connection.provider !== "AWS") throw invalid("connection", "provider", `is a ${connection.provider} connection`);
  const clients = (await connection.vendorClient()) as AwsClients;
  return {
    ec2: (region) => clients.of("ec2", region) as EC2Client,
    elbv2: () => clients.of("elbv2") as ElasticLoadBalancingV2Client,
    pricing: () => clients.of("pricing") as PricingClient,
    quotas: () => clients.of("quotas") as ServiceQuotasClient,
    eks: () => clients.of("eks") as EKSClient,
  };
}

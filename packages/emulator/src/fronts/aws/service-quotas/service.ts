import type { FrontRequest, FrontResponse } from "../../http-front.js";
import type { World } from "../../../world/world.js";
import type { Authenticated } from "../authenticate.js";
import { AwsFault } from "../fault.js";
import { pricingErrorResponse as jsonErrorResponse, jsonFaultOf } from "../pricing/service.js";

// Service Quotas (JSON 1.1, target prefix ServiceQuotasV20190624): the EC2 On-Demand vCPU quotas,
// one per instance class. The world keeps one vCPU limit for all classes, so every class shows
// it; Service Quotas reports no usage (that is CloudWatch's AWS/Usage metric, named in UsageMetric).

/** The JSON 1.1 target prefix of Service Quotas. */
export const serviceQuotasTargetPrefix = "ServiceQuotasV20190624.";

interface VcpuQuota {
  code: string;
  name: string;
  /** UsageMetric's Class dimension. */
  metricClass: string;
}

/** EC2's On-Demand vCPU quotas, by quota code (Service Quotas' names and codes). */
export const onDemandVcpuQuotas: readonly VcpuQuota[] = [
  {
    code: "L-1216C47A",
    name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
    metricClass: "Standard/OnDemand",
  },
  { code: "L-DB2E81BA", name: "Running On-Demand G and VT instances", metricClass: "G/OnDemand" },
  { code: "L-417A185B", name: "Running On-Demand P instances", metricClass: "P/OnDemand" },
  { code: "L-7295265B", name: "Running On-Demand X instances", metricClass: "X/OnDemand" },
  { code: "L-74FC7D96", name: "Running On-Demand F instances", metricClass: "F/OnDemand" },
];

function respond(requestId: string, body: unknown): FrontResponse {
  return {
    status: 200,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
    body: JSON.stringify(body),
  };
}

function renderQuota(quota: VcpuQuota, value: number, caller: Authenticated): Record<string, unknown> {
  return {
    ServiceCode: "ec2",
    ServiceName: "Amazon Elastic Compute Cloud (Amazon EC2)",
    QuotaArn: `arn:aws:servicequotas:${caller.region}:${caller.account}:ec2/${quota.code}`,
    QuotaCode: quota.code,
    QuotaName: quota.name,
    Value: value,
    Unit: "None",
    Adjustable: true,
    GlobalQuota: false,
    UsageMetric: {
      MetricNamespace: "AWS/Usage",
      MetricName: "ResourceCount",
      MetricDimensions: { Class: quota.metricClass, Resource: "vCPU", Service: "EC2", Type: "Resource" },
      MetricStatisticRecommendation: "Maximum",
    },
    QuotaAppliedAtLevel: "ACCOUNT",
  };
}

interface QuotasInput {
  ServiceCode?: unknown;
  QuotaCode?: unknown;
  MaxResults?: unknown;
  NextToken?: unknown;
}

function requireEc2(input: QuotasInput): void {
  if (typeof input.ServiceCode !== "string" || input.ServiceCode === "")
    throw new AwsFault(
      "ValidationException",
      "1 validation error detected: Value null at 'serviceCode' failed to satisfy constraint: Member must not be null",
    );
  // The front serves EC2's quotas; other services' are unknown here.
  if (input.ServiceCode !== "ec2")
    throw new AwsFault("NoSuchResourceException", `The request failed because the specified service does not exist.`);
}

/** Serves one authenticated Service Quotas request: ListServiceQuotas and GetServiceQuota for EC2. */
export async function serveServiceQuotas(
  request: FrontRequest,
  caller: Authenticated,
  world: World,
  requestId: string,
): Promise<FrontResponse> {
  const target = String(request.headers["x-amz-target"] ?? "");
  const operation = target.startsWith(serviceQuotasTargetPrefix) ? target.slice(serviceQuotasTargetPrefix.length) : "";
  try {
    if (operation !== "ListServiceQuotas" && operation !== "GetServiceQuota")
      throw new AwsFault("UnknownOperationException", `Unknown operation ${target || "(none)"}`);
    let input: QuotasInput;
    try {
      input = JSON.parse(request.body.length === 0 ? "{}" : request.body.toString("utf8")) as QuotasInput;
    } catch {
      throw new AwsFault("SerializationException", "The request body is not valid JSON");
    }
    requireEc2(input);
    const value = await world.call(
      { provider: "AWS", account: caller.account, region: caller.region, api: operation },
      (cloud) => cloud.quotaUsage().find((q) => q.name === "vcpus")?.limit ?? 0,
    );
    if (operation === "GetServiceQuota") {
      const quota = onDemandVcpuQuotas.find((q) => q.code === input.QuotaCode);
      if (!quota)
        throw new AwsFault("NoSuchResourceException", `The request failed because the specified quota does not exist.`);
      return respond(requestId, { Quota: renderQuota(quota, value, caller) });
    }
    // EC2's quotas fit one page; a token the front did not hand out is refused as AWS refuses it.
    if (input.NextToken !== undefined)
      throw new AwsFault("InvalidPaginationTokenException", "Invalid pagination token");
    const wanted =
      typeof input.QuotaCode === "string"
        ? onDemandVcpuQuotas.filter((q) => q.code === input.QuotaCode)
        : onDemandVcpuQuotas;
    return respond(requestId, { Quotas: wanted.map((q) => renderQuota(q, value, caller)) });
  } catch (error) {
    return jsonErrorResponse(jsonFaultOf(error), requestId);
  }
}

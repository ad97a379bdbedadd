import type { CallContext, QuotaHandler, QuotaInfo } from "@cloud-barista/core/driver";
import type { Instance } from "@aws-sdk/client-ec2";
import type { ServiceQuota } from "@aws-sdk/client-service-quotas";
import type { AwsSession } from "../session.js";

/**
 * EC2's On-Demand vCPU quotas by Service Quotas code, and the instance-type prefixes each covers
 * (Service Quotas names: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", ...).
 */
const vcpuQuotas: Readonly<Record<string, { prefixes: readonly string[]; name: string }>> = {
  "L-1216C47A": { prefixes: ["a", "c", "d", "h", "i", "m", "r", "t", "z"], name: "vcpus" },
  "L-DB2E81BA": { prefixes: ["g", "vt"], name: "vcpus.g" },
  "L-417A185B": { prefixes: ["p"], name: "vcpus.p" },
  "L-7295265B": { prefixes: ["x"], name: "vcpus.x" },
  "L-74FC7D96": { prefixes: ["f"], name: "vcpus.f" },
};

/** The quota code whose class an instance type belongs to ("m7i.large" -> Standard). */
function quotaCodeOf(instanceType: string): string | undefined {
  const family = instanceType.split(".")[0] ?? "";
  // The longest prefix wins, so "vt1" is G and VT, not Standard.
  let best: { code: string; length: number } | undefined;
  for (const [code, { prefixes }] of Object.entries(vcpuQuotas)) {
    for (const prefix of prefixes) {
      if (family.startsWith(prefix) && prefix.length > (best?.length ?? 0)) best = { code, length: prefix.length };
    }
  }
  return best?.code;
}

/** vCPUs of a running or pending instance: its cores times threads per core. */
function vcpusOf(instance: Instance): number {
  const cpu = instance.CpuOptions;
  return (cpu?.CoreCount ?? 0) * (cpu?.ThreadsPerCore ?? 1);
}

/**
 * The account's On-Demand vCPU quotas in the connection's region, from Service Quotas
 * (ListServiceQuotas for "ec2"), each with its use: the vCPUs of the pending and running instances
 * of its class (Service Quotas reports no usage; CloudWatch's AWS/Usage would, with a delay).
 * The Standard class is the portable "vcpus"; the others keep a "vcpus.<class>" name.
 */
export function createQuotaHandler(aws: AwsSession): QuotaHandler {
  const usage = async (ctx: CallContext): Promise<Map<string, number>> => {
    const used = new Map<string, number>();
    const pages = aws.pages(
      (NextToken) =>
        aws.ec2(ctx, "DescribeInstances", {
          Filters: [{ Name: "instance-state-name", Values: ["pending", "running"] }],
          MaxResults: aws.settings.pageSize,
          NextToken,
        }),
      (page) => (page.Reservations ?? []).flatMap((r) => r.Instances ?? []),
    );
    for await (const instance of pages) {
      const code = quotaCodeOf(instance.InstanceType ?? "");
      if (code) used.set(code, (used.get(code) ?? 0) + vcpusOf(instance));
    }
    return used;
  };

  return {
    async *list(ctx) {
      const quotas: ServiceQuota[] = [];
      const pages = aws.pages(
        (NextToken) => aws.quotas(ctx, "ListServiceQuotas", { ServiceCode: "ec2", NextToken }),
        (page) => page.Quotas,
      );
      for await (const quota of pages) if (quota.QuotaCode && vcpuQuotas[quota.QuotaCode]) quotas.push(quota);
      const used = await usage(ctx);
      for (const quota of quotas) {
        const code = quota.QuotaCode ?? "";
        const limit = quota.Value;
        const inUse = used.get(code) ?? 0;
        const info: QuotaInfo = {
          name: vcpuQuotas[code]?.name ?? code,
          scope: "region",
          ...(limit === undefined ? {} : { limit, available: Math.max(0, limit - inUse) }),
          used: inUse,
          unit: "count",
          ...(quota.QuotaName ? { description: quota.QuotaName } : {}),
          nativeName: code,
        };
        yield info;
      }
    },
  };
}

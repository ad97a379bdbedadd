import type { Usage } from "@azure/arm-compute";
import type { QuotaHandler, QuotaInfo, QuotaName } from "@cloud-barista/core/driver";
import type { AzureSession } from "../session.js";

/** Compute's usage names that have a portable name. */
const portable: Readonly<Record<string, QuotaName>> = { cores: "vcpus", virtualMachines: "vms" };

function toQuota(usage: Usage): QuotaInfo {
  const nativeName = usage.name.value ?? "";
  const used = usage.currentValue;
  const { limit } = usage;
  return {
    name: portable[nativeName] ?? nativeName,
    scope: "region",
    ...(limit >= 0 ? { limit, available: Math.max(0, limit - used) } : { unlimited: true }),
    used,
    unit: "count",
    ...(usage.name.localizedValue ? { description: usage.name.localizedValue } : {}),
    nativeName,
  };
}

/**
 * Quotas are Compute's usages of the connection's region (`Usage_List`): total regional vCPUs
 * ("cores", portable `vcpus`), virtual machines (`vms`) and whatever else Compute reports (VM
 * family vCPUs, availability sets) under its own name.
 */
export function createQuotaHandler(session: AzureSession): QuotaHandler {
  return {
    list: (ctx) =>
      session.pages(
        ctx,
        "Usage_List",
        (options) => session.clients.compute.usage.list(session.settings.region, options),
        toQuota,
      ),
  };
}

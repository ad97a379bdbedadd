import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import type { CloudDriver, ProviderName } from "@cloud-barista/core";
import { UsageError } from "./exit-codes.js";

type Options = Readonly<Record<string, string>>;

/** The driver options `cb driver add --option KEY=VALUE` takes, by provider (none are secrets). */
export const driverOptionKeys: Record<ProviderName, readonly string[]> = {
  AWS: [],
  AZURE: ["caFile"],
  GCP: [],
  ALIBABA: [],
  TENCENT: [],
  IBM: [],
  OPENSTACK: [],
  MOCK: ["endpoint"],
};

/** An agent trusting one extra CA (an emulator's self-signed front), for this driver only. */
function httpsTransport(options: Options): { transport?: { httpsAgent: Agent } } {
  return options.caFile === undefined
    ? {}
    : { transport: { httpsAgent: new Agent({ ca: readFileSync(options.caFile, "utf8") }) } };
}

// Each driver loads only when a profile uses it: the vendor SDKs behind them take seconds to load.
const factories: Record<ProviderName, (options: Options) => Promise<CloudDriver>> = {
  AWS: async () => (await import("@cloud-barista/driver-aws")).createAwsDriver(),
  AZURE: async (options) => (await import("@cloud-barista/driver-azure")).createAzureDriver(httpsTransport(options)),
  GCP: async () => (await import("@cloud-barista/driver-gcp")).createGcpDriver(),
  ALIBABA: async () => (await import("@cloud-barista/driver-alibaba")).createAlibabaDriver(),
  TENCENT: async () => (await import("@cloud-barista/driver-tencent")).createTencentDriver(),
  IBM: async () => (await import("@cloud-barista/driver-ibm")).createIbmDriver(),
  OPENSTACK: async () => (await import("@cloud-barista/driver-openstack")).createOpenStackDriver(),
  MOCK: async (options) => {
    // In a CLI the world lives in another process: the mock driver reaches it over the mock front.
    if (options.endpoint === undefined) throw new UsageError("a MOCK driver needs --option endpoint=URL");
    return (await import("@cloud-barista/driver-mock")).createMockDriver({ endpoint: options.endpoint });
  },
};

/** The providers `cb` has a driver for. */
export const supportedProviders = Object.keys(factories) as ProviderName[];

/** Makes the driver of a provider with its options, refusing options it does not take. */
export async function createDriver(provider: ProviderName, options: Options = {}): Promise<CloudDriver> {
  const factory = factories[provider];
  const known = driverOptionKeys[provider];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new UsageError(
        `${provider} driver takes no option "${key}"${known.length ? `; it takes ${known.join(", ")}` : ""}`,
      );
    }
  }
  return await factory(options);
}

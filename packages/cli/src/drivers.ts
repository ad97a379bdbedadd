import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import type { CloudDriver, ProviderName } from "@cloud-barista/core";
import { createAlibabaDriver } from "@cloud-barista/driver-alibaba";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { createAzureDriver } from "@cloud-barista/driver-azure";
import { createGcpDriver } from "@cloud-barista/driver-gcp";
import { createIbmDriver } from "@cloud-barista/driver-ibm";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { createOpenStackDriver } from "@cloud-barista/driver-openstack";
import { createTencentDriver } from "@cloud-barista/driver-tencent";
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

const factories: Record<ProviderName, (options: Options) => CloudDriver> = {
  AWS: () => createAwsDriver(),
  AZURE: (options) => createAzureDriver(httpsTransport(options)),
  GCP: () => createGcpDriver(),
  ALIBABA: () => createAlibabaDriver(),
  TENCENT: () => createTencentDriver(),
  IBM: () => createIbmDriver(),
  OPENSTACK: () => createOpenStackDriver(),
  MOCK: (options) => {
    // In a CLI the world lives in another process: the mock driver reaches it over the mock front.
    if (options.endpoint === undefined) throw new UsageError("a MOCK driver needs --option endpoint=URL");
    return createMockDriver({ endpoint: options.endpoint });
  },
};

/** The providers `cb` has a driver for. */
export const supportedProviders = Object.keys(factories) as ProviderName[];

/** Makes the driver of a provider with its options, refusing options it does not take. */
export function createDriver(provider: ProviderName, options: Options = {}): CloudDriver {
  const factory = factories[provider];
  const known = driverOptionKeys[provider];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new UsageError(
        `${provider} driver takes no option "${key}"${known.length ? `; it takes ${known.join(", ")}` : ""}`,
      );
    }
  }
  return factory(options);
}

import type { CloudDriver, ProviderName } from "@cloud-barista/core";
import { notSupported } from "@cloud-barista/core";

/**
 * Makes the driver of a provider, for `POST /spider/driver` (Spider registers drivers by
 * `ProviderName`; here the driver is code, so the server makes one per tenant and provider).
 */
export type DriverFactory = (provider: ProviderName) => Promise<CloudDriver>;

/**
 * The real clouds' drivers, each loaded on first use (the vendor SDKs behind them take seconds to
 * load). MOCK needs a world: give `mock` (the standalone server's `--emulator` does).
 */
export function defaultDriverFactory(options: { mock?: () => CloudDriver } = {}): DriverFactory {
  return async (provider) => {
    switch (provider) {
      case "AWS":
        return (await import("@cloud-barista/driver-aws")).createAwsDriver();
      case "AZURE":
        return (await import("@cloud-barista/driver-azure")).createAzureDriver();
      case "GCP":
        return (await import("@cloud-barista/driver-gcp")).createGcpDriver();
      case "ALIBABA":
        return (await import("@cloud-barista/driver-alibaba")).createAlibabaDriver();
      case "TENCENT":
        return (await import("@cloud-barista/driver-tencent")).createTencentDriver();
      case "IBM":
        return (await import("@cloud-barista/driver-ibm")).createIbmDriver();
      case "OPENSTACK":
        return (await import("@cloud-barista/driver-openstack")).createOpenStackDriver();
      case "MOCK":
        if (options.mock) return options.mock();
        throw notSupported("this server", "MOCK drivers (start it with --emulator)");
    }
  };
}

import type { CloudBarista } from "@cloud-barista/core";
import type { StartedFront } from "./fronts/definition.js";

/** Options of `addFrontConnection`: the names to register and what to change from the front's defaults. */
export interface FrontConnectionOptions {
  /** Name of the connection config; the credential and region configs are named after it by default. */
  connection: string;
  /** The name the provider's driver is registered under in the SDK instance. */
  driver: string;
  credentialName?: string;
  regionName?: string;
  /** Values that replace the front's in the stored credential (a wrong secret, another auth method). */
  credential?: Readonly<Record<string, string>>;
  /** Default: the front's region, and its zone unless another region is named. */
  region?: string;
  zone?: string;
  /** The connection's `deriveCloudNames` (default: the SDK's, true). */
  deriveCloudNames?: boolean;
}

/** Registers a credential, a region and a connection that reach a started front through a registered driver. */
export async function addFrontConnection(
  barista: CloudBarista,
  front: StartedFront,
  options: FrontConnectionOptions,
): Promise<void> {
  const credential = options.credentialName ?? `${options.connection}-cred`;
  const region = options.regionName ?? `${options.connection}-region`;
  const zone = options.zone ?? (options.region === undefined ? front.zone : undefined);
  await barista.credentials.add({
    name: credential,
    provider: front.provider,
    values: { ...front.credential, ...options.credential },
  });
  await barista.regions.add({
    name: region,
    provider: front.provider,
    region: options.region ?? front.region,
    ...(zone === undefined ? {} : { zone }),
  });
  await barista.connections.add({
    name: options.connection,
    driver: options.driver,
    credential,
    region,
    ...(front.connectionEndpoint === undefined ? {} : { endpoint: front.connectionEndpoint }),
    ...(options.deriveCloudNames === undefined ? {} : { deriveCloudNames: options.deriveCloudNames }),
  });
}

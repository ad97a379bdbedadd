import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import type { DriverCapabilities } from "./capabilities.js";
import type {
  DiskHandler,
  ImageHandler,
  KeyPairHandler,
  MyImageHandler,
  NlbHandler,
  PriceHandler,
  QuotaHandler,
  RegionZoneHandler,
  SecurityGroupHandler,
  SpecHandler,
  TagHandler,
  VmHandler,
  VpcHandler,
} from "./handlers.js";

export interface ConnectionInfo {
  readonly connectionName: string;
  /** Decrypted credential values, keyed as the driver's `credentialKeys` name them. */
  readonly credential: Readonly<Record<string, string>>;
  readonly region: string;
  readonly zone?: string | undefined;
  /**
   * Endpoint override: one base URL for every service, or one per service name the driver
   * documents. Points a driver at the emulator, or at a private or sovereign cloud.
   */
  readonly endpoint?: string | Readonly<Record<string, string>> | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * An open connection to one cloud region. A handler is present exactly when the driver's
 * capabilities list it.
 */
export interface CloudConnection {
  readonly regionZone?: RegionZoneHandler;
  readonly image?: ImageHandler;
  readonly spec?: SpecHandler;
  readonly price?: PriceHandler;
  readonly vpc?: VpcHandler;
  readonly securityGroup?: SecurityGroupHandler;
  readonly keyPair?: KeyPairHandler;
  readonly vm?: VmHandler;
  readonly disk?: DiskHandler;
  readonly myImage?: MyImageHandler;
  readonly nlb?: NlbHandler;
  readonly tag?: TagHandler;
  readonly quota?: QuotaHandler;
  close(): Promise<void>;
}

export interface CredentialKeys {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
}

/** A cloud driver: one per provider, stateless apart from the clients its connections cache. */
export interface CloudDriver {
  /** Upper-case provider name, e.g. "AWS", "OPENSTACK", "MOCK". */
  readonly provider: string;
  readonly version: string;
  readonly capabilities: DriverCapabilities;
  readonly credentialKeys: CredentialKeys;
  connect(info: ConnectionInfo, options?: { abortSignal?: AbortSignal }): Promise<CloudConnection>;
}

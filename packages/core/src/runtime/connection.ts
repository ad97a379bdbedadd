import type { DriverCapabilities } from "../driver/capabilities.js";
import type { HandlerName } from "../driver/handlers.js";
import type { ProviderName } from "../model/provider.js";
import type { ConnectionRuntime } from "./connection-runtime.js";
import { destroyAll } from "./destroy.js";
import type { DestroyReport } from "./destroy.js";
import { reconcileRecord } from "./reconcile.js";
import { ClusterService } from "./services/cluster-service.js";
import { DiskService } from "./services/disk-service.js";
import { KeyPairService } from "./services/key-pair-service.js";
import { MetadataService } from "./services/metadata-service.js";
import { MyImageService } from "./services/my-image-service.js";
import { NlbService } from "./services/nlb-service.js";
import { OrphanService } from "./services/orphan-service.js";
import { operationOptionKeys } from "./services/options.js";
import type { OperationOptions } from "./services/options.js";
import { SecurityGroupService } from "./services/security-group-service.js";
import { TagService } from "./services/tag-service.js";
import { VmService } from "./services/vm-service.js";
import { VpcService } from "./services/vpc-service.js";
import { requireOptions } from "./validate.js";

/**
 * One cloud region through one credential, as the application uses it: a service per resource
 * type, addressed by the names the application chose.
 */
export class Connection {
  readonly name: string;
  readonly provider: ProviderName;
  readonly region: string;
  readonly zone: string | undefined;
  readonly capabilities: DriverCapabilities;
  readonly metadata: MetadataService;
  readonly vpc: VpcService;
  readonly securityGroup: SecurityGroupService;
  readonly keyPair: KeyPairService;
  readonly vm: VmService;
  readonly disk: DiskService;
  readonly myImage: MyImageService;
  readonly nlb: NlbService;
  /** Provider-managed Kubernetes clusters and their node groups. */
  readonly cluster: ClusterService;
  readonly tag: TagService;
  /** Parts the driver made alongside resources that outlived them (floating IPs of failed builds). */
  readonly orphans: OrphanService;
  readonly #rt: ConnectionRuntime;

  constructor(rt: ConnectionRuntime) {
    this.#rt = rt;
    this.name = rt.name;
    this.provider = rt.provider;
    this.region = rt.region.region;
    this.zone = rt.region.zone;
    this.capabilities = rt.driver.capabilities;
    this.metadata = new MetadataService(rt);
    this.vpc = new VpcService(rt);
    this.securityGroup = new SecurityGroupService(rt);
    this.keyPair = new KeyPairService(rt);
    this.vm = new VmService(rt);
    this.disk = new DiskService(rt);
    this.myImage = new MyImageService(rt);
    this.nlb = new NlbService(rt);
    this.cluster = new ClusterService(rt);
    this.tag = new TagService(rt);
    this.orphans = new OrphanService(rt);
  }

  /**
   * Settles records left "pending" by creates that ended without an answer: adopts what the cloud
   * made, forgets what it did not, and leaves pending what cannot be told yet: a create still in
   * flight (in this process or another), or one whose creator stopped less than
   * `timeouts.pendingSettleMs` ago. Names are "<type>/<name>".
   */
  async reconcile(
    options: OperationOptions = {},
  ): Promise<{ adopted: string[]; dropped: string[]; pending: string[] }> {
    requireOptions(options, operationOptionKeys);
    const records = (await this.#rt.shared.iids.listConnection(this.name)).filter((r) => r.state === "pending");
    const report = { adopted: [] as string[], dropped: [] as string[], pending: [] as string[] };
    for (const record of records) {
      const ctx = await this.#rt.context(record.resourceType, record.name, options.abortSignal);
      const { outcome } = await reconcileRecord(this.#rt, record, ctx);
      report[outcome].push(`${record.resourceType}/${record.name}`);
    }
    return report;
  }

  /**
   * The vendor SDK clients behind this connection, for calls the portable API lacks. Drivers export
   * a typed accessor (e.g. `awsVendorClients(connection)`); calls made with them bypass the
   * runtime: no retries, call history, locks or name tracking.
   */
  vendorClient(): Promise<unknown> {
    return this.#rt.vendorClient();
  }

  /**
   * The driver's capabilities as this connection's region has them: a region may lack a service
   * the driver supports (an OpenStack region without Octavia has no load balancers).
   */
  async regionCapabilities(options: OperationOptions = {}): Promise<DriverCapabilities> {
    requireOptions(options, operationOptionKeys);
    const missing = await this.#rt.unavailableHandlers(options.abortSignal);
    const handlers = Object.fromEntries(
      Object.entries(this.capabilities.handlers).map(([name, has]) => [name, has && !missing.has(name as HandlerName)]),
    ) as DriverCapabilities["handlers"];
    return { ...this.capabilities, handlers };
  }

  /**
   * Deletes every resource this connection tracks, in dependency order, then the parts its
   * driver left behind (orphans); reports what remains.
   */
  async destroyAll(options: OperationOptions = {}): Promise<DestroyReport> {
    requireOptions(options, operationOptionKeys);
    await this.reconcile(options);
    return destroyAll(this, this.#rt, options);
  }
}

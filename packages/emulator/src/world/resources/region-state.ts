import type { Clock } from "@cloud-barista/core";
import type { ProviderCatalog, RegionDef, ZoneDef } from "../catalog/types.js";
import type { CapacityBook, CapacityUse } from "../control/capacity.js";
import type { QuotaBook, QuotaLimits } from "../control/quotas.js";
import { duplicateError, invalidParameter, notFoundError } from "../errors.js";
import { newResourceId } from "../ids.js";
import { pageOfRows } from "../pagination.js";
import type { ListOptions, ListPage } from "../pagination.js";
import type { Random } from "../random.js";
import { durationOf } from "../timing.js";
import type { WorldTiming } from "../timing.js";
import type { ClusterAccess, ResourceKind, Tags } from "../types.js";
import { settleDisk } from "./disk-transitions.js";
import { currentState } from "./lifecycle.js";
import type {
  AnyRecord,
  ClusterRecord,
  DiskRecord,
  KeyPairRecord,
  MyImageRecord,
  NetworkInterfaceRecord,
  NlbRecord,
  PublicIpRecord,
  RouterRecord,
  SecurityGroupRecord,
  SnapshotRecord,
  StoredRecord,
  SubnetRecord,
  VmRecord,
  VpcRecord,
} from "./records.js";
import { Table } from "./table.js";
import { checkTags, tagRecord } from "./tag-rules.js";

/** What every account-region borrows from its world. */
export interface WorldServices {
  readonly clock: Clock;
  readonly random: Random;
  readonly timing: WorldTiming;
  readonly consistency: { invisibleAfterCreateMs: number };
  readonly quotas: QuotaBook;
  readonly capacity: CapacityBook;
  /** Public addresses in use, world-wide. */
  readonly publicIps: Set<string>;
  nextSeq(): number;
  /** Starts (if needed) and describes the Kubernetes API of an active cluster (`world.kube`). */
  clusterAccess(address: {
    provider: string;
    account: string;
    region: string;
    clusterId: string;
  }): Promise<ClusterAccess>;
  /** VMs occupying capacity in one provider and region, across all accounts. */
  capacityInUse(provider: string, region: string): CapacityUse[];
}

/** Common fields of a new resource. */
export interface NewResource {
  name: string;
  tags?: Tags | undefined;
  /** Azure resource group for the id; ignored elsewhere. */
  resourceGroup?: string | undefined;
}

/**
 * The resources of one (provider, account, region) and the rules they share: ids, names, tags,
 * visibility, quotas, time. The resource services are stateless views over it.
 */
export class RegionState {
  readonly catalog: ProviderCatalog;
  readonly account: string;
  readonly region: RegionDef;
  readonly world: WorldServices;

  readonly vpcs = new Table<VpcRecord>("network");
  readonly subnets = new Table<SubnetRecord>("subnet");
  readonly securityGroups = new Table<SecurityGroupRecord>("security-group");
  readonly keyPairs = new Table<KeyPairRecord>("key-pair");
  readonly vms: Table<VmRecord>;
  readonly disks: Table<DiskRecord>;
  readonly myImages = new Table<MyImageRecord>("image");
  readonly nlbs: Table<NlbRecord>;
  /** Routers, public IPs and network interfaces are not `resourceKinds`, so they keep out of `tables()`. */
  readonly routers = new Map<string, RouterRecord>();
  readonly publicIps = new Map<string, PublicIpRecord>();
  /** Read them through network-interfaces.ts, which applies what became of their VMs. */
  readonly networkInterfaces = new Map<string, NetworkInterfaceRecord>();
  /** Disk snapshots (made with images); not `resourceKinds` either. */
  readonly snapshots = new Map<string, SnapshotRecord>();
  /** Managed Kubernetes clusters with their node groups (see clusters.ts); not `resourceKinds` either. */
  readonly clusters = new Map<string, ClusterRecord>();

  constructor(catalog: ProviderCatalog, account: string, region: RegionDef, world: WorldServices) {
    this.catalog = catalog;
    this.account = account;
    this.region = region;
    this.world = world;
    // Terminated VMs stay visible for a while, then vanish.
    this.vms = new Table<VmRecord>("instance", (vm) => {
      const { state, since } = currentState(vm.lifecycle, this.now());
      return state === "terminated" && this.now() >= since + this.world.timing.terminatedRetentionMs;
    });
    // A disk is gone once its deletion completes, or once the VM it goes with (a boot volume Nova
    // made) is terminated.
    this.disks = new Table<DiskRecord>(
      "volume",
      (disk) => (disk.deleteAt !== undefined && this.now() >= disk.deleteAt) || this.#goneWithVm(disk),
      (disk) => settleDisk(disk, this.now()),
    );
    // A load balancer deleted gracefully vanishes once its deletion completes.
    this.nlbs = new Table<NlbRecord>(
      "load-balancer",
      (nlb) => nlb.deleteAt !== undefined && this.now() >= nlb.deleteAt,
    );
  }

  /** Whether a disk that goes with its VM has lost it. */
  #goneWithVm(disk: DiskRecord): boolean {
    const attachment = disk.attachment;
    if (!attachment?.deleteOnTermination) return false;
    const vm = this.vms.find(attachment.vm.id);
    return !vm || currentState(vm.lifecycle, this.now()).state === "terminated";
  }

  get provider(): ProviderCatalog["provider"] {
    return this.catalog.provider;
  }

  now(): number {
    return this.world.clock.now();
  }

  limits(): QuotaLimits {
    return this.world.quotas.limitsFor(this.provider, this.account, this.region.name);
  }

  /** A lifecycle duration, jittered. */
  duration(name: Parameters<typeof durationOf>[1]): number {
    return durationOf(this.world.timing, name, this.world.random);
  }

  tables(): Table<AnyRecord>[] {
    return [
      this.vpcs,
      this.subnets,
      this.securityGroups,
      this.keyPairs,
      this.vms,
      this.disks,
      this.myImages,
      this.nlbs,
    ];
  }

  /**
   * Checks the name and tags of a new resource and returns its common fields. `unique` forces
   * uniqueness (key pairs, images) where the provider does not ask for it anyway; `taken` lists the
   * names already in use.
   */
  newRecord(
    kind: ResourceKind,
    input: NewResource,
    taken: () => Iterable<string>,
    unique = false,
    parentId?: string,
  ): StoredRecord {
    const tags = this.checkNew(kind, input, taken, unique);
    const id = newResourceId(
      {
        provider: this.provider,
        kind,
        account: this.account,
        region: this.region,
        name: input.name,
        parentId,
        resourceGroup: input.resourceGroup,
      },
      this.world.random,
    );
    return { id, name: input.name, kind, seq: this.world.nextSeq(), createdAt: this.now(), tags };
  }

  /** The checks of `newRecord` alone; returns a copy of the tags. */
  checkNew(
    kind: ResourceKind | "router" | "cluster" | "node-group",
    input: NewResource,
    taken: () => Iterable<string>,
    unique = false,
  ): Tags {
    const { name } = input;
    const naming = this.catalog.naming;
    const minLength = naming.optional ? 0 : 1;
    if (typeof name !== "string" || name.length < minLength || name.length > naming.maxLength) {
      throw invalidParameter("name", `must be ${minLength}..${naming.maxLength} characters`);
    }
    if (naming.pattern && !naming.pattern.test(name)) {
      throw invalidParameter("name", `"${name}" does not match ${String(naming.pattern)}`);
    }
    if ((unique || naming.unique) && [...taken()].includes(name)) throw duplicateError(kind, name);
    const tags = tagRecord(input.tags);
    this.checkTags(tags);
    return tags;
  }

  /** Checks tags about to be set on a resource that has `existing`, by the provider's limits. */
  checkTags(tags: Tags, existing: Tags = {}): void {
    checkTags(tags, existing, "tags", this.catalog.tagLimits);
  }

  /** Whether reads see the record yet (the eventual-consistency window after create). */
  visible(row: StoredRecord): boolean {
    return (
      row.operator === true ||
      row.seeded === true ||
      this.now() >= row.createdAt + this.world.consistency.invisibleAfterCreateMs
    );
  }

  /** A record for a mutation or a reference: present, whatever reads see. */
  require<R extends StoredRecord>(table: Table<R>, id: string): R {
    const row = typeof id === "string" ? table.find(id) : undefined;
    if (!row) throw notFoundError(table.kind, String(id));
    return row;
  }

  /** A record for a read: present and past the invisibility window. */
  read<R extends StoredRecord>(table: Table<R>, id: string): R {
    const row = this.require(table, id);
    if (!this.visible(row)) throw notFoundError(table.kind, id);
    return row;
  }

  /** One page of the visible records of `table`, as views. */
  page<R extends StoredRecord, V>(table: Table<R>, view: (row: R) => V, options?: ListOptions<V>): ListPage<V> {
    // Views (deep copies) are made only for the rows the page returns, not for the whole table.
    const rows = table.all().filter((row) => this.visible(row));
    return pageOfRows(rows, (row) => row.seq, view, options);
  }

  /** The zone a new zonal resource goes to: the one asked for, or the region's first available. */
  zone(requested: string | undefined, field = "zone"): ZoneDef {
    const zones = this.region.zones;
    const zone =
      requested === undefined ? zones.find((z) => z.status === "available") : zones.find((z) => z.name === requested);
    if (!zone) throw invalidParameter(field, `"${requested ?? ""}" is not a zone of region ${this.region.name}`);
    if (zone.status !== "available") {
      throw invalidParameter(field, `zone ${zone.name} is unavailable for new resources`);
    }
    return zone;
  }
}

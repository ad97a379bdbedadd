export {
  BaristaError,
  abortedError,
  alreadyExists,
  closedError,
  defaultRetryable,
  invalidArgument,
  isBaristaError,
  isDefiniteFailure,
  notFound,
  notSupported,
} from "./errors.js";
export type { BaristaErrorOptions, ErrorCode } from "./errors.js";

export { resourceTypes, trackedTypes } from "./model/common.js";
export { isProviderName, providerNames } from "./model/provider.js";
export type { ProviderName } from "./model/provider.js";
export type { Architecture, Extra, IID, MetadataKind, ResourceType, Tags, TrackedType } from "./model/common.js";
export type { GeoLocation, RegionZoneInfo, ZoneInfo, ZoneStatus } from "./model/region.js";
export type { ImageInfo, ImageStatus, OsPlatform } from "./model/image.js";
export type { GpuInfo, VmSpecInfo } from "./model/spec.js";
export type { OnDemandPrice, PriceInfo } from "./model/price.js";
export { quotaNames } from "./model/quota.js";
export type { QuotaInfo, QuotaName, QuotaScope } from "./model/quota.js";
export type { SubnetInfo, SubnetRequest, VpcInfo, VpcRequest } from "./model/vpc.js";
export type {
  RuleDirection,
  RuleProtocol,
  SecurityGroupInfo,
  SecurityGroupRequest,
  SecurityRule,
} from "./model/security-group.js";
export type { KeyPairInfo, KeyPairRequest } from "./model/key-pair.js";
export type { ImageType, VmInfo, VmRequest, VmStatus, VmStatusInfo } from "./model/vm.js";
export type { DiskInfo, DiskRequest, DiskStatus } from "./model/disk.js";
export type { MyImageInfo, MyImageRequest, MyImageStatus } from "./model/my-image.js";
export type {
  HealthCheckProtocol,
  HealthChecker,
  NlbHealthInfo,
  NlbInfo,
  NlbListener,
  NlbProtocol,
  NlbRequest,
  NlbScope,
  NlbType,
} from "./model/nlb.js";
export type {
  ClusterAccessInfo,
  ClusterInfo,
  ClusterRequest,
  ClusterStatus,
  ClusterVersionInfo,
  NodeGroupInfo,
  NodeInfo,
  NodeGroupRequest,
  NodeGroupStatus,
} from "./model/cluster.js";
export type { TagInfo, TaggedResource } from "./model/tag.js";
export type { OrphanInfo } from "./model/orphan.js";

export { handlerNames, optionalOperations, supportsOperation } from "./driver/capabilities.js";
export type {
  DriverCapabilities,
  NamingRules,
  OptionalOperation,
  TagPattern,
  TagRules,
} from "./driver/capabilities.js";
export type { HandlerName } from "./driver/handlers.js";
// Drivers are made with "@cloud-barista/core/driver"; the application only registers them.
export type { CloudDriver, CredentialKeys } from "./driver/driver.js";

export { VirtualClock, scaledClock, systemClock } from "./util/clock.js";
export { childSignal, neverAbortingSignal, onAbort } from "./util/abort.js";
export type { Clock } from "./util/clock.js";
export { noopLogger } from "./util/logger.js";
export type { LogAttributes, Logger } from "./util/logger.js";

export { compareAndSet } from "./store/store.js";
export type {
  ListOptions,
  PutOptions,
  Store,
  StoreCallOptions,
  StoreCondition,
  StoreEntry,
  StoreLease,
  StoreLeases,
  StoreOperation,
} from "./store/store.js";
export { SpongeLock } from "./lock/sponge-lock.js";
export type { LockKeyState, LockMode, LockRequest, LockRunOptions, SpongeLockOptions } from "./lock/sponge-lock.js";
export { OwnerLease } from "./lock/owner-lease.js";
export type { LeaseUse, LockOwner, OwnerLeaseOptions } from "./lock/owner-lease.js";
export type { LockHolder } from "./lock/store-lock.js";
export { formatLockKey, lockKeys, lockLayers } from "./lock/lock-key.js";
export type { LockKey, LockLayer } from "./lock/lock-key.js";
export { MemoryStore } from "./store/memory-store.js";
export type { MemoryStoreOptions } from "./store/memory-store.js";
export { SqliteStore, openSqliteStore } from "./store/sqlite-store.js";
export type { SqliteDatabase, SqliteStatement, SqliteStoreOptions, SqliteValue } from "./store/sqlite-store.js";
export { compareKeys, isWellFormed, prefixEnd } from "./store/keys.js";
export {
  checkCommit,
  checkKey,
  checkLease,
  checkLeaseTtl,
  checkListOptions,
  checkTtl,
  checkValue,
  leaseEnded,
} from "./store/validate.js";
export { CallHistory } from "./history/call-history.js";
export type { CallHistoryOptions, CallHistoryRetention } from "./history/call-history.js";
export { nearestRank, summarizeCalls } from "./history/call-summary.js";
export type {
  CallGroupBy,
  CallHistoryQuery,
  CallRecord,
  CallSummary,
  CallSummaryQuery,
} from "./history/call-record.js";
export { collect, paginate } from "./util/paginate.js";
export { ownRecord, ownValue } from "./util/own-record.js";
export type { Page } from "./util/paginate.js";

export { parseIpv4Cidr, cidrContains, cidrOverlaps, cidrTextsOverlap, networkSize } from "./util/cidr.js";
export type { Ipv4Network } from "./util/cidr.js";
export { pollUntil } from "./util/poll.js";
export type { PollOptions } from "./util/poll.js";
export { backoffDelayMs, defaultRetryPolicy, retry } from "./util/retry.js";
export type { RetryOptions, RetryPolicy } from "./util/retry.js";
export { ThrottlePacer, defaultPacing } from "./runtime/calls/pacer.js";
export type { DeclaredUse, PaceTicket, PacingOptions } from "./runtime/calls/pacer.js";
export type { DeclaredRateLimit } from "./driver/rate-limits.js";

export { MetadataCache, defaultCacheTtls } from "./cache/metadata-cache.js";
export type { CacheReadOptions, CacheTtl } from "./cache/metadata-cache.js";

export { CloudBarista, Connections, createCloudBarista } from "./runtime/cloud-barista.js";
export type { CloudBaristaOptions } from "./runtime/cloud-barista.js";
export { Connection } from "./runtime/connection.js";
export { defaultOperationTimeouts } from "./runtime/timeouts.js";
export type { OperationTimeouts } from "./runtime/timeouts.js";
export type { RuntimeShared } from "./runtime/connection-runtime.js";
export type { DestroyReport, DestroyTypeReport } from "./runtime/destroy.js";
export type { IidClaim, IidRecord } from "./runtime/iid-store.js";
export { deriveCloudName } from "./runtime/naming.js";
export type { ConnectionConfig, CredentialInput, CredentialSummary, RegionConfig } from "./runtime/registry.js";
export { CredentialRegistry, DriverRegistry, RegionRegistry } from "./runtime/registry.js";
export { SecretBox } from "./runtime/secret-box.js";
export { describeValue, requestLimits } from "./runtime/validate.js";
export type { Inventory } from "./runtime/services/resource-service.js";
export type {
  InVpcOptions,
  OperationOptions,
  RegisterRequest,
  VmReadOptions,
  WaitOptions,
} from "./runtime/services/options.js";
export type { MetadataOptions } from "./runtime/services/metadata-service.js";
export type { TagResource } from "./runtime/services/tag-service.js";
export { DiskService } from "./runtime/services/disk-service.js";
export { KeyPairService } from "./runtime/services/key-pair-service.js";
export { MetadataService } from "./runtime/services/metadata-service.js";
export { MyImageService } from "./runtime/services/my-image-service.js";
export { NlbService } from "./runtime/services/nlb-service.js";
export { ClusterService, checkNodeGroupSize, maxNodeGroupSize } from "./runtime/services/cluster-service.js";
export type { NodeGroupSize } from "./runtime/services/cluster-service.js";
export { SecurityGroupService } from "./runtime/services/security-group-service.js";
export { OrphanService } from "./runtime/services/orphan-service.js";
export type { OrphanReport } from "./runtime/services/orphan-service.js";
export type { SecurityGroupRegisterRequest } from "./runtime/services/security-group-service.js";
export { TagService } from "./runtime/services/tag-service.js";
export { VmService } from "./runtime/services/vm-service.js";
export type { ListStatusOptions } from "./runtime/services/vm-service.js";
export { VpcService } from "./runtime/services/vpc-service.js";
export { capabilityMatrix } from "./driver/capability-matrix.js";
export { errorCodeForHttpStatus, parseRetryAfter } from "./util/http.js";
export { goStyle } from "./runtime/go-style.js";
export type {
  BaristaErrorOf,
  CommonErrorCode,
  ErrorCodesOf,
  GoResult,
  GoStyle,
  GoStyleErrorCodes,
} from "./runtime/go-style.js";

// The driver SPI and kit: everything a cloud driver may import from core, and nothing it should not
// (the application API is "@cloud-barista/core", the test kit "@cloud-barista/core/testing").

export { BaristaError, abortedError, isBaristaError, isDefiniteFailure } from "../errors.js";
export type { BaristaErrorOptions, ErrorCode } from "../errors.js";

export { resourceTypes, trackedTypes } from "../model/common.js";
export type { Architecture, Extra, IID, ResourceType, Tags, TrackedType } from "../model/common.js";
export { isProviderName, providerNames } from "../model/provider.js";
export { cidrTextsOverlap } from "../util/cidr.js";
export type { ProviderName } from "../model/provider.js";
export type { GeoLocation, RegionZoneInfo, ZoneInfo, ZoneStatus } from "../model/region.js";
export type { ImageInfo, ImageStatus, OsPlatform } from "../model/image.js";
export type { GpuInfo, VmSpecInfo } from "../model/spec.js";
export type { OnDemandPrice, PriceInfo } from "../model/price.js";
export { quotaNames } from "../model/quota.js";
export type { QuotaInfo, QuotaName, QuotaScope } from "../model/quota.js";
export type { SubnetInfo, VpcInfo } from "../model/vpc.js";
export type { RuleDirection, RuleProtocol, SecurityGroupInfo, SecurityRule } from "../model/security-group.js";
export type { KeyPairInfo } from "../model/key-pair.js";
export type { ImageType, VmInfo, VmStatus, VmStatusInfo } from "../model/vm.js";
export type { DiskInfo, DiskStatus } from "../model/disk.js";
export type { MyImageInfo, MyImageStatus } from "../model/my-image.js";
export type {
  HealthCheckProtocol,
  HealthChecker,
  NlbHealthInfo,
  NlbInfo,
  NlbListener,
  NlbProtocol,
  NlbScope,
  NlbType,
} from "../model/nlb.js";
export type {
  ClusterAccessInfo,
  ClusterInfo,
  ClusterStatus,
  ClusterVersionInfo,
  NodeGroupInfo,
  NodeGroupStatus,
} from "../model/cluster.js";
export type { TagInfo, TaggedResource } from "../model/tag.js";
export type { OrphanInfo } from "../model/orphan.js";

export { handlerNames, optionalOperations, supportsOperation } from "./capabilities.js";
export type { DriverCapabilities, NamingRules, OptionalOperation, TagPattern, TagRules } from "./capabilities.js";
export type { CallContext, NativeCallOptions, UndoStep, WaitDeadline, WaitSpec, WaitState } from "./call-context.js";
export type { CloudConnection, CloudDriver, ConnectionInfo, CredentialKeys } from "./driver.js";
export type {
  ClusterHandler,
  DiskHandler,
  HandlerMap,
  HandlerName,
  ImageHandler,
  KeyPairHandler,
  MyImageHandler,
  NlbHandler,
  OrphanHandler,
  PriceHandler,
  QuotaHandler,
  RegionZoneHandler,
  SecurityGroupHandler,
  SpecHandler,
  TagHandler,
  TagTarget,
  VmHandler,
  VmReadOptions,
  VpcHandler,
} from "./handlers.js";
export type {
  DriverClusterRequest,
  DriverDiskRequest,
  DriverKeyPairRequest,
  DriverMyImageRequest,
  DriverNlbRequest,
  DriverNodeGroupRequest,
  DriverSecurityGroupRequest,
  DriverSubnetRequest,
  DriverVmRequest,
  DriverVpcRequest,
} from "./requests.js";

export { defineDriver } from "./define-driver.js";
export type {
  DriverDefinition,
  DriverSettings,
  HandlerFactories,
  OpenContext,
  SharedDriverOptions,
} from "./define-driver.js";
export { isRepeatable } from "./api-table.js";
export type { ApiTable, RetrySafety } from "./api-table.js";
export type { DeclaredRateLimit } from "./rate-limits.js";
export { driverErrors, ignoreNotFound } from "./driver-errors.js";
export type { DriverErrors } from "./driver-errors.js";
export { transportFailure } from "./transport.js";
export type { OutgoingRequest, TransportOptions } from "./transport.js";
export type { EndpointRules } from "./endpoints.js";
export { cloudInit } from "./cloud-init.js";
export { kubeconfig } from "./kubeconfig.js";
export type { KubeconfigInput, KubeconfigUser } from "./kubeconfig.js";
export type { LoginSetup } from "./cloud-init.js";
export { diskTypeOrDefault } from "./disk-type.js";
export { tagsMatch } from "./tag-match.js";
export { tagReads } from "./tag-reads.js";
export { ownRecord, ownValue } from "../util/own-record.js";
export { sameRule } from "./same-rule.js";
export { architectureOf } from "./architecture.js";
export { Memo } from "./memo.js";
export type { MemoOptions } from "./memo.js";
export { TokenCache } from "./token-cache.js";
export { detachedContext } from "./detached-context.js";
export { startedVmInfo } from "./started-vm.js";
export type { StartedVm } from "./started-vm.js";
export type { IssuedToken, TokenCacheOptions } from "./token-cache.js";
export { collect, paginate } from "../util/paginate.js";
export type { Page } from "../util/paginate.js";
export { errorCodeForHttpStatus, parseRetryAfter } from "../util/http.js";
export type { Clock } from "../util/clock.js";
export type { Logger } from "../util/logger.js";

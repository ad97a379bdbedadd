export {
  BaristaError,
  abortedError,
  alreadyExists,
  defaultRetryable,
  invalidArgument,
  isBaristaError,
  notFound,
  notSupported,
} from "./errors.js";
export type { BaristaErrorOptions, ErrorCode } from "./errors.js";

export { resourceTypes } from "./model/common.js";
export type { Architecture, Extra, IID, MetadataKind, ResourceType, Tags } from "./model/common.js";
export type { GeoLocation, RegionZoneInfo, ZoneInfo, ZoneStatus } from "./model/region.js";
export type { ImageInfo, ImageStatus, OsPlatform } from "./model/image.js";
export type { GpuInfo, VmSpecInfo } from "./model/spec.js";
export type { OnDemandPrice, PriceInfo } from "./model/price.js";
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
export type { TagInfo, TaggedResource } from "./model/tag.js";

export { handlerNames, supportsOperation } from "./driver/capabilities.js";
export type { DriverCapabilities, HandlerName, NamingRules, OptionalOperation } from "./driver/capabilities.js";
export type { CallContext, NativeCallOptions } from "./driver/call-context.js";
export type { CloudConnection, CloudDriver, ConnectionInfo, CredentialKeys } from "./driver/driver.js";
export type {
  DiskHandler,
  ImageHandler,
  KeyPairHandler,
  MyImageHandler,
  NlbHandler,
  PriceHandler,
  RegionZoneHandler,
  SecurityGroupHandler,
  SpecHandler,
  TagHandler,
  TagTarget,
  VmHandler,
  VpcHandler,
} from "./driver/handlers.js";
export type {
  DriverDiskRequest,
  DriverKeyPairRequest,
  DriverMyImageRequest,
  DriverNlbRequest,
  DriverSecurityGroupRequest,
  DriverSubnetRequest,
  DriverVmRequest,
  DriverVpcRequest,
} from "./driver/requests.js";

export { VirtualClock, scaledClock, systemClock } from "./util/clock.js";
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
  StoreOperation,
} from "./store/store.js";
export type { CallHistoryQuery, CallRecord, CallSummary } from "./history/call-record.js";
export { collect, paginate } from "./util/paginate.js";
export type { Page } from "./util/paginate.js";

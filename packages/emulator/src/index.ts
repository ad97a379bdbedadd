export { World } from "./world/world.js";
export type { AccountRegionKey, CallTarget, GateContext, WorldOptions } from "./world/world.js";
export { AccountRegion } from "./world/account-region.js";

export { WorldError, isWorldError } from "./world/errors.js";
export { IdentityBook } from "./world/identities.js";
export { SshEndpointBook } from "./world/ssh-endpoints.js";
export { KubeEndpoints } from "./kube/endpoints.js";
export type { ClusterAddress, TokenAudience, TokenVerifier } from "./kube/endpoints.js";
export type { CertificateSubject, KeyAndCertificate } from "./kube/pki.js";
export { maxNodesPerGroup } from "./world/resources/clusters.js";
export type { CreateClusterInput, NodeGroupInput, NodeGroupSize } from "./world/resources/clusters.js";
export { compareVersions, gitVersionOf } from "./world/resources/cluster-versions.js";
export { VmMetrics, vmMetricPoints } from "./world/vm-metrics.js";
export type { EmulatedMetricPoint, VmLocation, VmMetricSubject, VmMetricsOptions } from "./world/vm-metrics.js";
export type { SshAddressedVm, SshEndpoint } from "./world/ssh-endpoints.js";
export type { Identity } from "./world/identities.js";
export { startFront } from "./fronts/http-front.js";
export { frontFor, listFronts } from "./fronts/registry.js";
export type { FrontDefinition, FrontStartOptions, StartedFront } from "./fronts/definition.js";
export { addFrontConnection } from "./connect-front.js";
export type { FrontConnectionOptions } from "./connect-front.js";
export type { FrontHandler, FrontRequest, FrontResponse, RunningFront } from "./fronts/http-front.js";
export type { ErrorResourceType, WorldErrorCode, WorldErrorOptions } from "./world/errors.js";

export { defaultCatalogs } from "./world/catalog/index.js";
export type {
  CpuArchitecture,
  DiskTypeDef,
  GpuDef,
  ImageDef,
  NamingPolicy,
  NetworkRules,
  OsPlatform,
  ProviderCatalog,
  RegionDef,
  SpecDef,
  ZoneDef,
  ZoneStatus,
} from "./world/catalog/types.js";

export { defaultTiming } from "./world/timing.js";
export type { WorldTiming } from "./world/timing.js";
export { apiAccessOf } from "./world/control/api-access.js";
export type { ApiAccess } from "./world/control/api-access.js";
export { RateLimiter } from "./world/control/rate-limits.js";
export type { RateLimitRule, RateLimitTarget } from "./world/control/rate-limits.js";
export { FaultInjector } from "./world/control/faults.js";
export type { FaultHandle, FaultKind, FaultPhase, FaultSpec } from "./world/control/faults.js";
export { QuotaBook } from "./world/control/quotas.js";
export type { QuotaLimits, QuotaName, QuotaScope } from "./world/control/quotas.js";
export { CapacityBook } from "./world/control/capacity.js";
export type { CapacityHandle, CapacityLimit } from "./world/control/capacity.js";
export type { LatencySettings } from "./world/control/latency.js";

export { maxPageSize } from "./world/pagination.js";
export type { ListOptions, ListPage } from "./world/pagination.js";

export { resourceKinds } from "./world/types.js";
export type {
  Cluster,
  ClusterAccess,
  ClusterState,
  ClusterVersion,
  Disk,
  DiskState,
  HealthCheck,
  HealthCheckProtocol,
  FixedIp,
  ImageRef,
  IpProtocol,
  Ipv6Mode,
  KeyPair,
  KeyType,
  LbProtocol,
  LbScheme,
  LbScope,
  MyImage,
  MyImageState,
  NetworkInterface,
  Nlb,
  NlbState,
  NodeGroup,
  NodeGroupState,
  PortRange,
  PublicIp,
  PublicIpTargetKind,
  Ref,
  ResourceBase,
  ResourceKind,
  Router,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  TaggedResource,
  Tags,
  TargetHealth,
  TargetHealthState,
  TrafficDirection,
  Vm,
  VmState,
  VmStateChange,
  Vpc,
} from "./world/types.js";

export type { CatalogService, Image, Price, Region, Spec } from "./world/resources/catalog-service.js";
export type { CreateVpcInput, VpcService } from "./world/resources/vpcs.js";
export type { CreateSubnetInput, SubnetInput, SubnetService } from "./world/resources/subnets.js";
export type { CreateSecurityGroupInput, SecurityGroupService } from "./world/resources/security-groups.js";
export type {
  CreateKeyPairInput,
  CreatedKeyPair,
  ImportKeyPairInput,
  KeyPairService,
} from "./world/resources/key-pairs.js";
export type { RunVmInput, VmService } from "./world/resources/vms.js";
export type { CreateDiskInput, DiskService } from "./world/resources/disks.js";
export type { CreateRouterInput, RouterService } from "./world/resources/routers.js";
export type { PublicIpService } from "./world/resources/public-ips.js";
export type {
  CreateNetworkInterfaceInput,
  FixedIpRequest,
  NetworkInterfaceService,
  UpdateNetworkInterfaceInput,
} from "./world/resources/network-interfaces.js";
export type { CreateMyImageInput, MyImageService } from "./world/resources/my-images.js";
export type { CreateNlbInput, NlbService } from "./world/resources/nlbs.js";
export type { FindTagsOptions, TagOptions, TagService } from "./world/resources/tags.js";
export type { QuotaUsage, RegionQuotaName } from "./world/resources/quota-usage.js";
export type { NewResource } from "./world/resources/region-state.js";

// The modules of @cloud-barista/mcis sit in layers. A module imports only from its own directory or
// from a lower layer: never upward, never sideways into another directory of its own layer (so no
// two directories depend on each other). test/layers.test.ts reads every import and checks it
// against this list, lowest layer first:
//
//   layer 1: model, util                  MCIS types, statuses and ids; generic input checks
//   layer 2: store, quota                 MCIS records in the store; quota entries and their arithmetic
//   layer 3: env                          what every operation runs with: the SDK, records, limits, watchers
//   layer 4: engine, network, placement   VM operations; default networks; where to place VMs
//   layer 5: request, recovery, remote    checking and planning requests; finishing cut-off work; SSH to VMs
//   layer 6: service                      the MCIS operations (McisService) and the placement adapter
//
// This file, the package's public face, may import from every layer.

export { McisService, createMcisService } from "./service/mcis-service.js";
export type { CreatedPrivateKey, McisServiceOptions, QuotaSource } from "./env/env.js";
export type { QuotaEntry } from "./quota/entry.js";
export { readReportedQuotas, reportedQuotaEntries } from "./quota/reported.js";
export type { ConnectionQuotas, ReadQuotasOptions } from "./quota/reported.js";
export type { McisOperationOptions } from "./service/operation.js";
export { mcisEngine } from "./service/placement-engine.js";
export type { McisControlOptions } from "./service/control.js";
export type { McisDeleteOptions } from "./service/remove.js";
export type { McisQueryOptions } from "./service/query.js";
export type { McisReconcileEntry, McisReconcileOptions, McisReconcileReport } from "./service/reconcile.js";
export type { Orphan } from "./recovery/orphans.js";

export type {
  DynamicSubGroupRequest,
  McisCreateRequest,
  McisDynamicRequest,
  PartialFailurePolicy,
  SubGroupNodeGroup,
  SubGroupRequest,
} from "./model/requests.js";
export { partialFailurePolicies } from "./model/requests.js";
export type {
  FailureReason,
  McisAccessInfo,
  McisInfo,
  McisRef,
  McisStatusInfo,
  McisTarget,
  McisVmInfo,
  SubGroupInfo,
  VmAccessInfo,
} from "./model/types.js";
export { mcisVmStatuses, transitionalStatuses } from "./model/status.js";
export type { ControlAction, McisAction, McisVmStatus, TargetAction, TargetStatus } from "./model/status.js";
export { aggregateStatus, countStatuses, dominanceOrder } from "./model/aggregate.js";
export type { McisStatusCount } from "./model/aggregate.js";
export { planAction, vmVerdict } from "./model/transitions.js";
export type { ActionPlan, ScopeVm, VmVerdict } from "./model/transitions.js";
export { coreVmName, idPattern, maxIdLength, maxVmIndex, requireId, tagKeys } from "./model/ids.js";
export { mcisLimits } from "./model/limits.js";

export type { McisPlan, PlannedQuota, PlannedVm } from "./request/plan.js";
export type { DefaultNetworkInfo, PlannedNetwork } from "./network/default-network.js";
export { defaultRules } from "./network/default-network.js";

export { trackProgress } from "./engine/progress.js";
export type { McisProgressEvent, McisProgressType, ProgressListener, ProgressTracking } from "./engine/progress.js";
export { defaultConcurrency } from "./env/limits.js";
export type { ConcurrencyOptions } from "./env/limits.js";

// Placement: recommend where to run, plan an MCIS, fail over.
export {
  BlockList,
  architectures,
  baristaCatalogSource,
  blockActionFor,
  blockFor,
  blockingTable,
  buildCatalog,
  chooseImage,
  defaultLatencyModel,
  describeBlock,
  describeOffer,
  earthRadiusKm,
  findAlternatives,
  formatPlanCost,
  haversineKm,
  loadCatalog,
  modelledRttMs,
  numericMetrics,
  offerId,
  offersFromListing,
  performanceTable,
  placementLabels,
  planPlacement,
  planToMcis,
  pointLabel,
  priorityMetrics,
  provisionWithFailover,
  rankOffers,
  recommendClusterLocations,
  defaultControlPlanePerHour,
  similarityScorer,
  sphericalCentroid,
  subGroupRequest,
} from "./placement/index.js";
export type {
  ClusterLocation,
  ClusterLocationRequest,
  Alternative,
  AlternativeOptions,
  BaristaSourceOptions,
  Block,
  BlockAction,
  BlockScope,
  Catalog,
  CatalogConnection,
  CatalogIssue,
  CatalogOptions,
  CatalogPart,
  CatalogSource,
  CombineMode,
  ConnectionListing,
  CostPriority,
  CriterionScore,
  CurrencyOptions,
  Decision,
  DecisionKind,
  FailoverOptions,
  FailoverResult,
  FieldPolicy,
  GeoPoint,
  ImagePreference,
  LatencyModel,
  LatencyOrigin,
  LatencyPriority,
  LocationPriority,
  Money,
  NumericMetric,
  NumericRange,
  Offer,
  OfferImage,
  OfferPrice,
  PerformancePriority,
  PerformanceScore,
  PerformanceSource,
  PlacementEngine,
  PlacementFilter,
  PlacementPlan,
  PlacementRequest,
  PlanState,
  PlanToMcis,
  PlanToMcisOptions,
  PlannedSubGroup,
  Priority,
  PriorityMetric,
  ProvisionResult,
  RandomPriority,
  RankRequest,
  RankedOffer,
  Ranking,
  RttEntry,
  SimilarityPolicy,
  SimilarityPriority,
  SimilarityScorer,
  SimilarityTarget,
  SpecKey,
  SpreadOptions,
  StringMatch,
  SubGroupDefaults,
  VmOutcome,
} from "./placement/index.js";

// Remote: commands, files, host-key trust and readiness on the VMs over SSH.
export { RemoteError, isRemoteError } from "./remote/errors.js";
export type { RemoteErrorCode, RemoteErrorDetails } from "./remote/errors.js";
export { shellQuote, commandLine } from "./remote/shell-quote.js";
export type { RemoteCommand } from "./remote/shell-quote.js";
export { targetsOf } from "./remote/target.js";
export type { RemoteTarget, TargetsOfOptions } from "./remote/target.js";
export { hostKeyFromBlob, hostKeyStoreKey, parsePublicKey, storeHostKeys } from "./remote/host-keys.js";
export type { HostKey, HostKeyTrust, HostKeyVerdict, PinnedHostKey } from "./remote/host-keys.js";
export type { RemoteAuth } from "./remote/session.js";
export { runCommand, runCommandSummary } from "./remote/run-command.js";
export type {
  CommandProgress,
  CommandResult,
  CommandSummary,
  RemoteEvent,
  RemoteOptions,
  RunCommandOptions,
} from "./remote/run-command.js";
export { downloadFile, uploadFile } from "./remote/files.js";
export type { TransferOptions, TransferProgress, TransferResult, TransferSummary } from "./remote/files.js";
export { waitForSsh } from "./remote/readiness.js";
export type { ReadinessResult, WaitForSshOptions } from "./remote/readiness.js";

// Measured performance: stored figures of performance evaluations, with their provenance.
export {
  checkPerformanceRecord,
  checkRttRecord,
  defaultPerformanceWeights,
  estimateScore,
  estimatedPerformance,
  measuredPerformance,
  measuredRtt,
  metricReference,
  metricReferences,
  performanceMetrics,
  performanceRecordKey,
  putPerformanceRecords,
  readPerformanceRecords,
  rttRecordKey,
  scoreFigures,
} from "./placement/index.js";
export type {
  EstimatedPerformanceOptions,
  MeasuredPerformanceOptions,
  MeasuredPerformanceSource,
  MetricReference,
  PerformanceMetric,
  PerformanceRecord,
  PerformanceWeights,
  RttRecord,
  ScoredFigure,
  SpecQuery,
  StoredPerformance,
} from "./placement/index.js";

// Performance evaluation over SSH: the SDK's script, its parser, the run and its records.
export {
  EvaluationOutputError,
  checkPeers,
  checkWorkload,
  defaultWorkload,
  evaluatePerformance,
  evaluationCommand,
  evaluationFormatVersion,
  evaluationScript,
  evaluationTargets,
  isEvaluationOutputError,
  parseEvaluationOutput,
} from "./remote/evaluate/index.js";
export type {
  ConnectionPlace,
  EvaluateOptions,
  EvaluationOutput,
  EvaluationOutputProblem,
  EvaluationPeer,
  EvaluationReport,
  EvaluationTarget,
  EvaluationWorkload,
  Measurement,
  RttMeasurement,
  SkippedMeasurement,
  VmEvaluation,
} from "./remote/evaluate/index.js";

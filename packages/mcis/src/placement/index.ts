// Placement: recommend (provider, region, zone, spec) across clouds, plan an MCIS, fail over.

export { buildCatalog, loadCatalog } from "./catalog.js";
export { defaultControlPlanePerHour, recommendClusterLocations } from "./cluster-location.js";
export type { ClusterLocation, ClusterLocationRequest } from "./cluster-location.js";
export type { Catalog, CatalogOptions } from "./catalog.js";
export type { CatalogIssue, CatalogPart } from "./catalog-issue.js";
export { baristaCatalogSource } from "./catalog-source.js";
export type { BaristaSourceOptions, CatalogConnection, CatalogSource } from "./catalog-source.js";
export { offersFromListing } from "./offer-builder.js";
export type { ConnectionListing } from "./offer-builder.js";
export { describeOffer, offerId } from "./offer.js";
export type { Offer, OfferImage, OfferPrice } from "./offer.js";
export { performanceTable } from "./performance.js";
export type { PerformanceScore, PerformanceSource, SpecKey, SpecQuery } from "./performance.js";
export { estimatedPerformance, measuredPerformance, measuredRtt } from "./performance-measured.js";
export type {
  EstimatedPerformanceOptions,
  MeasuredPerformanceOptions,
  MeasuredPerformanceSource,
} from "./performance-measured.js";
export {
  checkPerformanceRecord,
  checkRttRecord,
  performanceRecordKey,
  putPerformanceRecords,
  readPerformanceRecords,
  rttRecordKey,
} from "./performance-records.js";
export type { PerformanceRecord, RttRecord, StoredPerformance } from "./performance-records.js";
export {
  defaultPerformanceWeights,
  estimateScore,
  metricReference,
  metricReferences,
  performanceMetrics,
  scoreFigures,
} from "./performance-score.js";
export type { MetricReference, PerformanceMetric, PerformanceWeights, ScoredFigure } from "./performance-score.js";

export { earthRadiusKm, haversineKm, pointLabel, sphericalCentroid } from "./geo.js";
export type { GeoPoint } from "./geo.js";
export { defaultLatencyModel, modelledRttMs } from "./latency-model.js";
export type { LatencyModel } from "./latency-model.js";
export type { CurrencyOptions } from "./currency.js";

export { architectures, numericMetrics } from "./filter.js";
export type { NumericMetric, NumericRange, PlacementFilter, StringMatch } from "./filter.js";
export { priorityMetrics } from "./priorities.js";
export type {
  CostPriority,
  LatencyOrigin,
  LatencyPriority,
  LocationPriority,
  PerformancePriority,
  Priority,
  PriorityMetric,
  RandomPriority,
  RttEntry,
  SimilarityPriority,
} from "./priorities.js";
export { rankOffers } from "./rank.js";
export type { CombineMode, CriterionScore, RankRequest, RankedOffer, Ranking } from "./rank.js";
export { findAlternatives, similarityScorer } from "./similarity.js";
export type {
  Alternative,
  AlternativeOptions,
  FieldPolicy,
  SimilarityPolicy,
  SimilarityScorer,
  SimilarityTarget,
} from "./similarity.js";

export { chooseImage } from "./image-choice.js";
export type { ImagePreference } from "./image-choice.js";
export { formatPlanCost, planPlacement } from "./plan.js";
export type { Money, PlacementPlan, PlacementRequest, PlanState, PlannedSubGroup, SpreadOptions } from "./plan.js";
export { placementLabels, planToMcis, subGroupRequest } from "./plan-to-mcis.js";
export type { PlanToMcis, PlanToMcisOptions, SubGroupDefaults } from "./plan-to-mcis.js";

export type { PlacementEngine, ProvisionResult, VmOutcome } from "./engine-port.js";
export { BlockList, blockActionFor, blockFor, blockingTable, describeBlock } from "./blocking.js";
export type { Block, BlockAction, BlockScope } from "./blocking.js";
export type { Decision, DecisionKind } from "./decision-log.js";
export { provisionWithFailover } from "./failover.js";
export type { FailoverOptions, FailoverResult } from "./failover.js";

export { monitorVersion } from "./version.js";

export { fieldSpec, isMeasurementName, measurementNames, measurements } from "./model/measurements.js";
export type { FieldKind, FieldSpec, MeasurementName, MeasurementSpec } from "./model/measurements.js";
export { identityTags, targetTags } from "./model/identity.js";
export type { Identity, IdentityTag } from "./model/identity.js";
export { pointTimeMs } from "./model/point.js";
export type { FieldValue, MetricPoint } from "./model/point.js";

export { parseLineProtocol } from "./line-protocol/parse.js";
export type { LineError, ParseOptions, ParseResult } from "./line-protocol/parse.js";
export { formatLineProtocol } from "./line-protocol/format.js";
export { nanosPerUnit } from "./line-protocol/precision.js";
export type { Precision } from "./line-protocol/precision.js";

export { expositionContentType, familyName, formatExposition } from "./exposition/format.js";
export type { ExtraFamily } from "./exposition/format.js";
export { parseExposition } from "./exposition/parse.js";
export type { ExpositionFamily, ExpositionParseResult, ExpositionSample } from "./exposition/parse.js";
export { agentPoints } from "./exposition/map-agent.js";
export { NodeExporterMapper, pseudoFileSystems } from "./exposition/map-node-exporter.js";

export type { LineProtocolSource, MetricSink, SinkWriteResult } from "./store/sink.js";
export { EmbeddedStore, openEmbeddedStore } from "./store/embedded-store.js";
export type {
  EmbeddedStoreOptions,
  EmbeddedStoreStats,
  LatestSample,
  RetentionOptions,
} from "./store/embedded-store.js";

export { statistics, groupings, quantileModes, exactQuantileLimit } from "./query/types.js";
export type { Grouping, MetricQuery, MetricQueryResult, QuantileMode, Statistic } from "./query/types.js";
export { sketchRelativeError } from "./store/sketch.js";
export { validateQuery } from "./query/validate.js";

export { startCollector } from "./collector/collector.js";
export type { Collector, CollectorOptions, CollectorStats } from "./collector/collector.js";
export { validateTargets } from "./collector/scraper.js";
export type { ScrapeTarget, TargetStatus } from "./collector/scraper.js";

export { AlertEngine } from "./alerts/engine.js";
export type { AlertEngineOptions, AlertEvent, AlertHandler, AlertState } from "./alerts/engine.js";
export { breaks, clears, comparisons, validateRule } from "./alerts/rule.js";
export type { AlertRule, Comparison } from "./alerts/rule.js";
export { webhookHandler } from "./alerts/webhook.js";
export type { WebhookOptions } from "./alerts/webhook.js";
export { dragonflyMetrics, dragonflyQueries, queryDragonfly } from "./query/dragonfly.js";
export type {
  DragonflyAnswer,
  DragonflyDuration,
  DragonflyMetric,
  DragonflyQuery,
  PeriodType,
} from "./query/dragonfly.js";

export { toMetricPoints } from "./fleet/points.js";
export type { PlainPoint } from "./fleet/points.js";
export { pushSink } from "./fleet/push-sink.js";
export type { PushSinkOptions } from "./fleet/push-sink.js";
export { mcisFleet } from "./fleet/mcis-fleet.js";
export type { FleetVm, VmPlace } from "./fleet/mcis-fleet.js";
export { emulatedFleetSource } from "./fleet/emulated-fleet.js";
export type {
  EmulatedFleet,
  EmulatedFleetOptions,
  EmulatedFleetStats,
  VmMetricSource,
} from "./fleet/emulated-fleet.js";
export { startAgentlessCollection } from "./agentless/agentless-collection.js";
export type {
  AgentlessCollection,
  AgentlessOptions,
  AgentlessVm,
  AgentlessVmStatus,
} from "./agentless/agentless-collection.js";
export { tarArchive } from "./install/tar.js";
export type { TarEntry } from "./install/tar.js";
export { agentBundle, agentPackageDir } from "./install/agent-bundle.js";
export { installAgent, stopAgent } from "./install/install-agent.js";
export type { InstallAgentOptions, InstallResult } from "./install/install-agent.js";
export {
  InfluxSink,
  createInfluxDatabase,
  formatForInflux,
  influxSink,
  queryInflux,
  quoteIdentifier,
  quoteString,
} from "./influx/index.js";
export type {
  InfluxConnection,
  InfluxQueryOptions,
  InfluxSeries,
  InfluxSinkOptions,
  InfluxSinkStats,
} from "./influx/index.js";
export { SeriesCache, ingestLineProtocol, parseColumns } from "./collector/ingest.js";
export { otlpToPoints } from "./collector/otlp.js";
export type { OtlpResult } from "./collector/otlp.js";
export type { IngestOptions, IngestResult } from "./collector/ingest.js";
export type { ColumnBatch, SeriesRef } from "./store/batch.js";

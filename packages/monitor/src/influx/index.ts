export { InfluxSink, influxSink } from "./sink.js";
export type { InfluxSinkOptions, InfluxSinkStats } from "./sink.js";
export { createInfluxDatabase, queryInflux, quoteIdentifier, quoteString } from "./query.js";
export type { InfluxQueryOptions, InfluxSeries } from "./query.js";
export type { InfluxConnection } from "./http.js";
export { formatForInflux } from "./format.js";

import { alibabaOverheadBench } from "./alibaba-overhead.js";
import { awsOverheadBench } from "./aws-overhead.js";
import { azureOverheadBench } from "./azure-overhead.js";
import { gcpOverheadBench } from "./gcp-overhead.js";
import { ibmOverheadBench } from "./ibm-overhead.js";
import { lockBench } from "./lock.js";
import { mcisScaleBench } from "./mcis-scale.js";
import { monitorIngestBench } from "./monitor-ingest.js";
import { monitorQueryBench } from "./monitor-query.js";
import { openStackOverheadBench } from "./openstack-overhead.js";
import { placementRankBench } from "./placement-rank.js";
import { remoteCommandsBench } from "./remote-commands.js";
import { serverSpiderBench } from "./server-spider.js";
import { tencentOverheadBench } from "./tencent-overhead.js";

/** A benchmark prints its own JSON lines through `report`. */
interface Benchmark {
  name: string;
  run: () => Promise<void>;
}

/** Every benchmark, run one after another so they never disturb each other's timing. */
const benchmarks: readonly Benchmark[] = [
  { name: "lock", run: lockBench },
  { name: "aws-overhead", run: awsOverheadBench },
  { name: "azure-overhead", run: azureOverheadBench },
  { name: "gcp-overhead", run: gcpOverheadBench },
  { name: "openstack-overhead", run: openStackOverheadBench },
  { name: "alibaba-overhead", run: alibabaOverheadBench },
  { name: "tencent-overhead", run: tencentOverheadBench },
  { name: "ibm-overhead", run: ibmOverheadBench },
  { name: "placement-rank", run: placementRankBench },
  { name: "mcis-scale", run: mcisScaleBench },
  { name: "remote-commands", run: remoteCommandsBench },
  { name: "monitor-ingest", run: monitorIngestBench },
  { name: "monitor-query", run: monitorQueryBench },
  { name: "server-spider", run: serverSpiderBench },
];

// `node run-all.js lock` runs only the named benchmarks.
// Flags such as --quick are for the benchmarks themselves.
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));

for (const bench of benchmarks) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  try {
    await bench.run();
  } catch (error) {
    process.exitCode = 1;
    process.stderr.write(
      `bench ${bench.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}

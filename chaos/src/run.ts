import { chaosParts } from "./parts.js";
import { jsonLinesReporter } from "./report.js";

// `scripts/run chaos [--quick] [part ...]`: runs the named parts (default: all) and prints their
// figures as JSON lines on stdout; the exit code is 1 when any case failed or a part broke.

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.filter((a) => !a.startsWith("--"));
const unknown = only.filter((name) => !chaosParts.some((p) => p.name === name));
if (unknown.length > 0) {
  process.stderr.write(`unknown part(s) ${unknown.join(", ")}; parts: ${chaosParts.map((p) => p.name).join(", ")}\n`);
  process.exit(2);
}
const reporter = jsonLinesReporter();
for (const part of chaosParts) {
  if (only.length > 0 && !only.includes(part.name)) continue;
  try {
    const result = await part.run({ quick }, reporter);
    if (result.failures > 0) process.exitCode = 1;
  } catch (error) {
    process.exitCode = 1;
    reporter.line({ part: part.name, broke: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

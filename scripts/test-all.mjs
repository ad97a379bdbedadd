// `npm test`'s steps (the root package.json's task:* scripts), in stages. The steps of one stage
// run side by side: each is a single-threaded process (tsc -b, ESLint, Prettier, TypeDoc) or waits
// on the network (the consumer test's npm install), so on a 2-core CI machine two of them take
// about the time of the longer one. Their output is held and printed whole when each ends, so
// logs never interleave; vitest, last and alone, prints as it goes. Any failed step fails the run,
// after its stage has finished.
//
//   node scripts/test-all.mjs      (the root package.json's task:test)
import { spawn } from "node:child_process";

const stages = [
  ["changeset-check"],
  // Lint and the format check read sources only; the build writes packages/*/dist.
  ["format-check", "lint", "build"],
  // Both after the build: the consumer test packs dist/; TypeDoc reads sources, writes dist/api.
  ["consumer-test", "api-docs"],
  ["vitest"],
];

const started = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

/** Runs `pnpm run task:<name>`; `streamed`: its output goes straight to ours. */
function runStep(name, streamed) {
  const since = Date.now();
  const child = spawn("pnpm", ["run", "--silent", `task:${name}`], {
    stdio: streamed ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  const held = [];
  child.stdout?.on("data", (chunk) => held.push(["out", chunk]));
  child.stderr?.on("data", (chunk) => held.push(["err", chunk]));
  return new Promise((done) => {
    let ended = false;
    const end = (code) => {
      if (ended) return; // a spawn failure emits both "error" and "close"
      ended = true;
      for (const [stream, chunk] of held) (stream === "out" ? process.stdout : process.stderr).write(chunk);
      console.error(`test-all: ${name} ${code === 0 ? "passed" : `FAILED (${code})`} in ${seconds(since)}`);
      done(code === 0);
    };
    child.on("error", (error) => {
      held.push(["err", `${error.message}\n`]);
      end(-1);
    });
    child.on("close", (code, signal) => end(code ?? signal));
  });
}

for (const stage of stages) {
  const results = await Promise.all(stage.map((name) => runStep(name, stage.length === 1)));
  if (results.includes(false)) {
    console.error(`test-all: failed after ${seconds(started)}`);
    process.exit(1);
  }
}
console.error(`test-all: every step passed in ${seconds(started)}`);

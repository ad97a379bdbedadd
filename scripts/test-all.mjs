// `npm test`'s steps (the root package.json's task:* scripts), each started as soon as the steps it
// needs have passed. Most are single-threaded (ESLint, tsc -b, TypeDoc, Prettier) or wait on the
// network (the consumer test's npm install), so on a 2-core CI machine lint runs beside the build
// and then beside the consumer test and the API docs instead of before them. Output is held and
// printed whole when a step ends, so logs never interleave; vitest starts last, alone, and prints
// as it goes. After a failure no new step starts; the run fails once the running ones have ended.
//
//   node scripts/test-all.mjs      (the root package.json's task:test)
import { spawn } from "node:child_process";

/** Each step with the steps it waits for. */
const steps = {
  "changeset-check": [],
  // Lint and the format check read sources only; the build writes packages/*/dist.
  "format-check": ["changeset-check"],
  lint: ["changeset-check"],
  build: ["changeset-check"],
  // The consumer test packs dist/; TypeDoc writes dist/api (after the build, as before).
  "consumer-test": ["build"],
  "api-docs": ["build"],
  // Alone: the tests start servers and time-scaled worlds; nothing else competes for the CPU.
  vitest: ["format-check", "lint", "consumer-test", "api-docs"],
};
const streamed = new Set(["vitest"]);

const started = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

/** Runs `pnpm run task:<name>`; resolves whether it passed. */
function runStep(name) {
  const since = Date.now();
  const child = spawn("pnpm", ["run", "--silent", `task:${name}`], {
    stdio: streamed.has(name) ? "inherit" : ["ignore", "pipe", "pipe"],
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

const passed = new Set();
const running = new Map(); // name -> its promise
let failed = false;
while (passed.size < Object.keys(steps).length) {
  if (!failed) {
    for (const [name, needs] of Object.entries(steps)) {
      if (passed.has(name) || running.has(name) || !needs.every((n) => passed.has(n))) continue;
      running.set(
        name,
        runStep(name).then((ok) => ({ name, ok })),
      );
    }
  }
  if (running.size === 0) break; // failed (or a step waits for no step there is), nothing runs
  const { name, ok } = await Promise.race(running.values());
  running.delete(name);
  if (ok) passed.add(name);
  else failed = true;
}
if (failed || passed.size < Object.keys(steps).length) {
  console.error(`test-all: failed after ${seconds(started)}`);
  process.exit(1);
}
console.error(`test-all: every step passed in ${seconds(started)}`);

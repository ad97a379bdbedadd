// Fails when a public package's src/ changed since the base without a changeset naming it
// (`changeset status`, with changedFilePatterns ["src/**"] in .changeset/config.json). The base:
//   CHANGESET_BASE=<ref>   set by a pull-request CI to the target branch (e.g. origin/main)
//   otherwise              the merge base with the local `main` branch, when HEAD is not on it
// On main itself (CI of a merged main) there is no base: nothing to compare, the check passes.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const git = (...args) => spawnSync("git", args, { cwd: root, encoding: "utf8" });

let base = process.env.CHANGESET_BASE;
if (!base) {
  const head = git("rev-parse", "HEAD").stdout.trim();
  const mergeBase = git("merge-base", "HEAD", "main");
  if (mergeBase.status === 0 && mergeBase.stdout.trim() !== head) base = mergeBase.stdout.trim();
}
if (!base) {
  console.error("changeset-check: no base to compare with (on main, or no main branch): nothing to check");
  process.exit(0);
}
const status = spawnSync(join(root, "node_modules", ".bin", "changeset"), ["status", `--since=${base}`], {
  cwd: root,
  encoding: "utf8",
});
if (status.status !== 0) {
  process.stderr.write(status.stdout + status.stderr);
  console.error(
    `changeset-check: a public package's src/ changed since ${base} without a changeset: run \`pnpm changeset\` ` +
      "(docs/releasing.md)",
  );
  process.exit(1);
}
console.error(`changeset-check: every package changed since ${base} has a changeset`);

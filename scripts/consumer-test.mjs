// The consumer test: what an app gets from `npm install @cloud-barista/...`, checked outside the
// workspace. Packs every public package with pnpm (as publishing would), checks each tarball with
// publint and Are the Types Wrong, installs all of them with npm into one temporary project (no
// workspace links), type-checks the README's quick start and examples/src/emulated-clouds.ts there
// under `nodenext`, `node16` and `bundler` resolution, runs the quick start twice (stderr must
// stay empty: no warning reaches an embedding app) and the emulator example once, and reports each
// package's installed size. A cloud driver must not bring the emulator along.
//
//   node scripts/consumer-test.mjs            (run by `npm test` after the build)
//   node scripts/consumer-test.mjs --write    also rewrites bench/package-sizes.md
//   node scripts/consumer-test.mjs --keep     leaves the temporary project for a look
import { execFile, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const bin = (name) => join(root, "node_modules", ".bin", name);
const failures = [];
const bytesByDirectory = new Map(); // directoryBytes' memo
const started = Date.now();
const step = (message) => console.error(`consumer-test (${Math.round((Date.now() - started) / 1000)} s): ${message}`);

/** Runs a command in the background; its output goes to our stderr only when it fails. */
async function runAsync(command, commandArgs, options = {}) {
  try {
    return await promisify(execFile)(command, commandArgs, { encoding: "utf8", ...options });
  } catch (error) {
    failures.push(`${[command, ...commandArgs].join(" ")} (exit ${error.code})`);
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}\n`);
    return { stdout: error.stdout ?? "", stderr: error.stderr ?? "" };
  }
}

/** Runs `task` for every item, at most `limit` at a time. */
async function pool(items, limit, task) {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** Runs a command; its output goes to our stderr only when it fails. */
function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { encoding: "utf8", ...options });
  if (result.status !== 0) {
    failures.push(`${[command, ...commandArgs].join(" ")} (exit ${result.status})`);
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}\n`);
  }
  return result;
}

const publicPackages = readdirSync(join(root, "packages"))
  .map((dir) => join(root, "packages", dir))
  .filter((dir) => {
    try {
      return !JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).private;
    } catch {
      return false;
    }
  })
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) }));

const work = mkdtempSync(join(tmpdir(), "cb-consumer-"));
if (!relative(root, work).startsWith("..")) throw new Error(`${work} is inside the workspace`);
const tarballs = join(work, "tarballs");
const project = join(work, "app");
mkdirSync(tarballs);
mkdirSync(project);

try {
  // 1. Pack, as `pnpm publish` would (workspace: and catalog: ranges become versions).
  step(`packing ${publicPackages.length} packages into ${tarballs}`);
  const packed = new Map();
  await pool(publicPackages, 4, async ({ dir, manifest }) => {
    await runAsync("pnpm", ["pack", "--pack-destination", tarballs], { cwd: dir });
    const file = `${manifest.name.replace("@", "").replace("/", "-")}-${manifest.version}.tgz`;
    statSync(join(tarballs, file)); // throws when pnpm named it otherwise
    packed.set(manifest.name, join(tarballs, file));
  });

  // 2. The tarballs' manifests and exports: publint (warnings fail) and attw (ESM-only packages:
  // CommonJS `require` of them is not offered, so the esm-only profile).
  step("publint and attw on every tarball");
  await pool([...packed.values()], 4, async (tarball) => {
    await runAsync(bin("publint"), ["run", tarball, "--strict", "--level", "warning"]);
    await runAsync(bin("attw"), [tarball, "--profile", "esm-only", "--no-definitely-typed", "--format", "table"]);
  });

  // 3. One app with every package from its tarball; overrides keep npm from looking for our
  // packages in the registry when they depend on each other.
  const typesNode = /"@types\/node":\s*([\d.]+)/.exec(readFileSync(join(root, "pnpm-workspace.yaml"), "utf8"))?.[1];
  const dependencies = Object.fromEntries([...packed].map(([name, file]) => [name, `file:${file}`]));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify(
      {
        name: "cloud-barista-consumer",
        private: true,
        type: "module",
        dependencies,
        devDependencies: { "@types/node": typesNode },
        overrides: Object.fromEntries([...packed.keys()].map((name) => [name, `$${name}`])),
      },
      null,
      2,
    ),
  );
  // --ignore-scripts: none of the packages needs one (libsql ships its addon in platform packages);
  // ssh2 would otherwise try to compile an optional addon.
  step("npm install (the local npm cache first)");
  const install = run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", "--ignore-scripts"],
    { cwd: project },
  );
  if (install.status !== 0) throw new Error("npm install failed");

  // 4. The code users copy: the README's quick start and the emulator example.
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const quickStart = /## Use it[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!quickStart) throw new Error("README.md has no quick start under ## Use it");
  mkdirSync(join(project, "src"));
  writeFileSync(join(project, "src", "quick-start.ts"), quickStart);
  cpSync(join(root, "examples", "src", "emulated-clouds.ts"), join(project, "src", "emulated-clouds.ts"));
  // The packages' own .d.ts are checked whole once (nodenext); attw checks that they resolve the
  // same under node16 and bundler, so those two check the app's code only (skipLibCheck: faster).
  const base = { target: "es2023", lib: ["es2023"], types: ["node"], strict: true };
  const configs = {
    nodenext: { ...base, module: "nodenext", moduleResolution: "nodenext", rootDir: "src", outDir: "out" },
    node16: { ...base, module: "node16", moduleResolution: "node16", noEmit: true, skipLibCheck: true },
    bundler: { ...base, module: "preserve", moduleResolution: "bundler", noEmit: true, skipLibCheck: true },
  };
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  step(`type-check with ${Object.keys(configs).join(", ")} resolution`);
  await Promise.all(
    Object.entries(configs).map(([name, compilerOptions]) => {
      const file = `tsconfig.${name}.json`;
      writeFileSync(join(project, file), JSON.stringify({ compilerOptions, include: ["src"] }, null, 2));
      return runAsync(process.execPath, [tsc, "-p", file], { cwd: project });
    }),
  );

  // 5. Run them as an app would: plain `node`, no flag. Twice in one directory for the quick start.
  const runDir = join(project, "run");
  mkdirSync(runDir);
  for (const attempt of [1, 2]) {
    step(`quick start, run ${attempt}`);
    const result = run(process.execPath, [join(project, "out", "quick-start.js")], { cwd: runDir });
    if (result.stderr !== "") failures.push(`quick start run ${attempt} wrote to stderr:\n${result.stderr}`);
    if (!result.stdout.includes("all deleted")) failures.push(`quick start run ${attempt} did not clean up`);
  }
  step("emulated-clouds example");
  const clouds = run(process.execPath, [join(project, "out", "emulated-clouds.js")], { cwd: runDir });
  if (clouds.stderr !== "") failures.push(`emulated-clouds wrote to stderr:\n${clouds.stderr}`);
  if (clouds.stdout.trim() !== JSON.stringify({ aws: ["net"], openstack: ["net"] })) {
    failures.push(`emulated-clouds printed ${clouds.stdout}`);
  }

  // 6. Installed sizes, from the install above: each package with everything it pulls in.
  const sizes = [...packed.keys()].sort().map((name) => installedSize(project, name));
  for (const size of sizes) console.log(JSON.stringify({ bench: "package-size", ...size }));
  for (const size of sizes) {
    const isCloudDriver = /^@cloud-barista\/driver-(?!mock$)/.test(size.package);
    if (isCloudDriver && size.closure.includes("@cloud-barista/emulator")) {
      failures.push(`${size.package} pulls in @cloud-barista/emulator (a dependency, not a devDependency?)`);
    }
  }
  if (args.has("--write")) writeSizeTable(sizes);

  // 7. Every installed package's engines.node admits the Node versions we support (the floor of
  // our own engines field, and the next LTS line): docs/support-policy.md.
  const floor = /^>=\s*([\d.]+)$/.exec(publicPackages[0].manifest.engines.node)?.[1];
  const supported = [floor, "24.0.0"].map((v) => [...v.split(".").map(Number), 0, 0].slice(0, 3));
  for (const dir of installedPackageDirs(join(project, "node_modules"))) {
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const range = manifest.engines?.node;
    if (typeof range !== "string") continue;
    const refused = supported.filter((version) => !satisfies(version, range));
    if (refused.length > 0) {
      failures.push(
        `${manifest.name}@${manifest.version} needs node ${range}, refusing ${refused.map((v) => v.join("."))}`,
      );
    }
  }
} catch (error) {
  failures.push(String(error instanceof Error ? error.message : error));
} finally {
  if (args.has("--keep")) step(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
  step(`FAILED:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
step("every check passed");

/** Every package directory under a node_modules tree, scoped and nested ones too. */
function installedPackageDirs(nodeModules) {
  const dirs = [];
  let entries;
  try {
    entries = readdirSync(nodeModules, { withFileTypes: true });
  } catch {
    return dirs;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const path = join(nodeModules, entry.name);
    const packages = entry.name.startsWith("@")
      ? readdirSync(path, { withFileTypes: true })
          .filter((scoped) => scoped.isDirectory())
          .map((scoped) => join(path, scoped.name))
      : [path];
    for (const dir of packages) dirs.push(dir, ...installedPackageDirs(join(dir, "node_modules")));
  }
  return dirs.filter((d) => {
    try {
      return statSync(join(d, "package.json")).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Whether a version ([major, minor, patch]) is in an npm range: alternatives joined by `||`, each
 * comparators (`>=`, `>`, `<=`, `<`, `=`, `^`, `~`, x-ranges, `*`) that must all hold.
 */
function satisfies(version, range) {
  const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const parse = (text) => text.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : undefined));
  return range.split("||").some((alternative) => {
    const comparators = alternative
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1")
      .split(/\s+/)
      .filter(Boolean);
    return comparators.every((comparator) => {
      const [, op = "", rest] = /^(>=|<=|>|<|=|\^|~)?v?(.*)$/.exec(comparator);
      if (rest === "*" || rest === "x" || rest === "") return true;
      const parts = parse(rest);
      const known = parts.findIndex((p) => p === undefined);
      const given = known === -1 ? parts.length : known; // "22" and "22.x" give 1 part
      const low = [0, 1, 2].map((i) => (i < given ? parts[i] : 0));
      const c = compare(version, low);
      if (op === ">=") return c >= 0;
      if (op === ">") return c > 0;
      if (op === "<=") return c <= 0;
      if (op === "<") return c < 0;
      // "=", "", "^", "~" and x-ranges: from `low` up to the next step of the last fixed part.
      const step =
        op === "^"
          ? Math.max(
              0,
              low.findIndex((p, i) => p !== 0 || i === given - 1),
            )
          : op === "~"
            ? Math.min(1, given - 1)
            : given - 1;
      if (given === 3 && (op === "" || op === "=")) return c === 0;
      const high = low.slice(0, step + 1);
      high[step] += 1;
      return c >= 0 && compare(version, [...high, 0, 0].slice(0, 3)) < 0;
    });
  });
}

/** Where Node would find `name` from `fromDir` (node_modules up the tree), or undefined. */
function resolvePackage(fromDir, name, top) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    try {
      statSync(join(candidate, "package.json"));
      return candidate;
    } catch {
      // not here; look further up
    }
    if (dir === top || dir === dirname(dir)) return undefined;
  }
}

/** Bytes of files in a directory, without its nested node_modules (each directory measured once). */
function directoryBytes(dir) {
  const known = bytesByDirectory.get(dir);
  if (known !== undefined) return known;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  bytesByDirectory.set(dir, total);
  return total;
}

/**
 * A package's own size and that of everything it needs at run time (dependencies and the
 * optional ones installed for this platform), each installed copy counted once.
 */
function installedSize(top, name) {
  const start = resolvePackage(top, name, top);
  const seen = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const dir = queue.pop();
    if (seen.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    seen.set(dir, { name: manifest.name, bytes: directoryBytes(dir) });
    const needs = { ...manifest.dependencies, ...manifest.optionalDependencies };
    for (const dep of Object.keys(needs)) {
      const found = resolvePackage(dir, dep, top);
      if (found) queue.push(found);
    }
  }
  const own = seen.get(start).bytes;
  const total = [...seen.values()].reduce((sum, p) => sum + p.bytes, 0);
  const closure = [...new Set([...seen.values()].map((p) => p.name))].sort();
  return { package: name, ownBytes: own, installedBytes: total, packages: seen.size, closure };
}

function writeSizeTable(sizes) {
  const mb = (bytes) => `${(bytes / 1_000_000).toFixed(1)} MB`;
  const rows = sizes
    .map((s) => `| \`${s.package}\` | ${mb(s.ownBytes)} | ${mb(s.installedBytes)} | ${s.packages} |`)
    .join("\n");
  const text = `# Installed size per package

What \`npm install <package>\` puts on disk on linux-x64 with Node 22, measured by
\`node scripts/consumer-test.mjs --write\` (the consumer test; \`npm test\` prints the same figures as
JSON lines without writing this file). "Own" is the package's files; "installed" adds every
package it needs at run time (dependencies, and the optional ones npm installs for this
platform, such as \`libsql\`'s native addon), each counted once. On Linux npm installs both the glibc and the musl
build of that addon, about 19 MB of core's 22 MB. Figures move with the
dependencies' versions.

| package | own | installed | packages |
|---|---|---|---|
${rows}

A cloud driver alone never installs \`@cloud-barista/emulator\`: the drivers' tests use it as a
devDependency, and the consumer test fails when a cloud driver's installed set includes it.
\`@cloud-barista/driver-mock\` is the emulator's world behind a driver, so it depends on it.
`;
  writeFileSync(join(root, "bench", "package-sizes.md"), text);
  step("wrote bench/package-sizes.md");
}

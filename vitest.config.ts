import { readFileSync, readdirSync, existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

/** The `cb` end-to-end tests: each command in a process of its own. */
const cliEndToEnd = "packages/cli/test/**/*.test.ts";

// Tests import workspace packages by name; resolve them to their TypeScript sources (the "source"
// condition of each package's exports map) so tests never depend on a stale build.
function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const dir of readdirSync("packages").map((d) => join("packages", d))) {
    const manifest = join(dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
      name: string;
      exports?: Record<string, { source?: string }>;
    };
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      if (!target.source) continue;
      const name = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      const escaped = name.replace(/[/.]/g, (c) => `\\${c}`);
      aliases.push({ find: new RegExp(`^${escaped}$`), replacement: resolve(dir, target.source) });
    }
  }
  return aliases;
}

export default defineConfig({
  resolve: { alias: workspaceAliases() },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "main",
          include: [
            "packages/*/src/**/*.test.ts",
            "packages/*/test/**/*.test.ts",
            "examples/test/**/*.test.ts",
            "chaos/**/*.test.ts",
          ],
          exclude: [...configDefaults.exclude, cliEndToEnd],
          // A worker per core (Vitest's default leaves one core free: a single worker on a 2-core
          // CI machine), so files that wait on servers and child processes overlap busy ones.
          maxWorkers: availableParallelism(),
        },
      },
      {
        extends: true,
        test: {
          name: "cli",
          include: [cliEndToEnd],
          // Afterwards, with Vitest's default worker count as before (one on 2 cores): each file
          // runs the built `cb` in a process per command, which keeps a core busy by itself (two
          // such files at once on a loaded 2-core machine ran past their 180 s timeouts).
          maxWorkers: Math.max(1, availableParallelism() - 1),
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

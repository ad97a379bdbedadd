import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Modules that import each other (even for types only) cannot be read, tested or moved one at a
// time; the world's services in particular must sit above the state they share, not beside it.
// And the world and its fronts are a test double of the clouds: they take utilities from core
// (clocks, CIDR arithmetic, abort errors, provider names) but never the SDK's model, which is
// what they test.

const src = fileURLToPath(new URL("../src/", import.meta.url));

/** Core's names the world and the fronts may use: utilities, not the portable model. */
const coreUtilities = new Set([
  "Clock",
  "abortedError",
  "systemClock",
  "scaledClock",
  "cidrContains",
  "cidrOverlaps",
  "networkSize",
  "parseIpv4Cidr",
  "Ipv4Network",
  "ProviderName",
  "isProviderName",
]);

/** Every source file under src/, by path relative to it. */
function sources(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = join(entry.parentPath, entry.name);
    files.set(relative(src, file), readFileSync(file, "utf8"));
  }
  return files;
}

/** Each source module and the relative modules it imports (type imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources()) {
    const imports = [...text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)];
    graph.set(
      file,
      imports.map((m) => relative(src, resolve(src, dirname(file), (m[1] ?? "").replace(/\.js$/, ".ts")))),
    );
  }
  return graph;
}

/** One import cycle, as the list of modules around it, or undefined when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const visit = (module: string, path: string[]): string[] | undefined => {
    const at = path.indexOf(module);
    if (at >= 0) return [...path.slice(at), module];
    if (done.has(module)) return undefined;
    for (const next of graph.get(module) ?? []) {
      const cycle = visit(next, [...path, module]);
      if (cycle) return cycle;
    }
    done.add(module);
    return undefined;
  };
  for (const module of graph.keys()) {
    const cycle = visit(module, []);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("the emulator's modules", () => {
  it("import each other without cycles", () => {
    const graph = importGraph();
    expect(graph.get(join("world", "resources", "region-state.ts"))).toBeDefined();
    expect(findCycle(graph)).toBeUndefined();
  });

  it("take no model type from core into the world or the fronts", () => {
    const borrowed: string[] = [];
    for (const [file, text] of sources()) {
      if (!file.startsWith("world") && !file.startsWith("fronts")) continue;
      for (const m of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"@cloud-barista\/core"/g)) {
        const names = (m[1] ?? "").split(",").map((n) => n.trim().replace(/^type\s+/, ""));
        for (const name of names) if (name && !coreUtilities.has(name)) borrowed.push(`${file}: ${name}`);
      }
    }
    expect(borrowed).toEqual([]);
  });
});

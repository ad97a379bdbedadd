import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Modules that import each other (even for types only) cannot be read, tested or moved one at a
// time; the world's services in particular must sit above the state they share, not beside it.

const src = fileURLToPath(new URL("../src/", import.meta.url));

/** Each source module and the relative modules it imports (type imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = join(entry.parentPath, entry.name);
    const imports = [...readFileSync(file, "utf8").matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)];
    graph.set(
      relative(src, file),
      imports.map((m) => relative(src, resolve(dirname(file), (m[1] ?? "").replace(/\.js$/, ".ts")))),
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
});

import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Keeps the layering that src/index.ts declares true: every relative import of every module under
// src goes to its own directory or to a directory of a lower layer.

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

/** The layers as src/index.ts declares them, lowest first: directory -> layer number. */
function declaredLayers(): Map<string, number> {
  const header = readFileSync(join(src, "index.ts"), "utf8");
  const layers = new Map<string, number>();
  for (const [, layer, dirs] of header.matchAll(/^\/\/\s+layer (\d+): ([\w, ]+?)(?: {2,}|$)/gm)) {
    for (const dir of (dirs ?? "").split(",")) layers.set(dir.trim(), Number(layer));
  }
  return layers;
}

interface Import {
  /** Importing module, relative to src ("engine/run.ts"). */
  from: string;
  /** Imported module, relative to src. */
  to: string;
}

/** Every relative import, re-export and dynamic import of the modules under src. */
function sourceImports(): Import[] {
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  return files.flatMap((from) =>
    [...readFileSync(join(src, from), "utf8").matchAll(/\b(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((m) => ({
      from,
      to: relative(src, resolve(src, dirname(from), m[1] ?? "")),
    })),
  );
}

/** The top directory of a module under src; "" for src/index.ts, the package's face. */
const dirOf = (module: string): string => (module.includes(sep) ? (module.split(sep)[0] ?? "") : "");

/** Imports that break the layering: upward, sideways, or to or from a directory no layer names. */
function violations(imports: readonly Import[], layers: ReadonlyMap<string, number>): string[] {
  const top = Math.max(...layers.values()) + 1;
  const layerOf = (module: string): number | undefined => {
    const dir = dirOf(module);
    return dir === "" ? top : layers.get(dir);
  };
  return imports.flatMap(({ from, to }) => {
    if (dirOf(from) === dirOf(to)) return [];
    const [a, b] = [layerOf(from), layerOf(to)];
    if (a === undefined || b === undefined) return [`${from} -> ${to}: directory in no layer`];
    return b < a ? [] : [`${from} (layer ${a}) -> ${to} (layer ${b})`];
  });
}

describe("the layers of @cloud-barista/mcis", () => {
  const layers = declaredLayers();

  it("are declared at the top of src/index.ts", () => {
    expect(Object.fromEntries(layers)).toEqual({
      model: 1,
      util: 1,
      store: 2,
      quota: 2,
      env: 3,
      engine: 4,
      network: 4,
      placement: 4,
      request: 5,
      recovery: 5,
      remote: 5,
      service: 6,
    });
  });

  it("place every directory under src", () => {
    const dirs = readdirSync(src, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(dirs.map((d) => d.name).filter((d) => !layers.has(d))).toEqual([]);
  });

  it("hold for every import of every module: none goes upward or sideways", () => {
    const imports = sourceImports();
    expect(imports.length).toBeGreaterThan(100);
    expect(violations(imports, layers)).toEqual([]);
  });

  it("catch an upward, a sideways and an unplaced import", () => {
    const imports: Import[] = [
      { from: join("engine", "run.ts"), to: join("store", "records.ts") },
      { from: join("quota", "entry.ts"), to: join("placement", "validate.ts") },
      { from: join("engine", "run.ts"), to: join("network", "default-network.ts") },
      { from: join("extra", "x.ts"), to: join("model", "ids.ts") },
      { from: "index.ts", to: join("service", "mcis-service.ts") },
    ];
    expect(violations(imports, layers)).toEqual([
      `${join("quota", "entry.ts")} (layer 2) -> ${join("placement", "validate.ts")} (layer 4)`,
      `${join("engine", "run.ts")} (layer 4) -> ${join("network", "default-network.ts")} (layer 4)`,
      `${join("extra", "x.ts")} -> ${join("model", "ids.ts")}: directory in no layer`,
    ]);
  });
});

import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// How `tsc -b` keeps production code from importing what its room may not (the emulator above all):
// tsconfig.base.json maps every workspace entry point to its source, each package's tsconfig.json is
// its src/ alone and references only the projects that code may use, and its tests are a second
// project (test/tsconfig.json) that may reference more. TypeScript reads a referenced project's .d.ts;
// a source file of a project that is not referenced is outside the importing project: TS6307 (and
// TS6059). The probes below build each project's program as `tsc -b` does, with one extra file.

const root = fileURLToPath(new URL("../../../", import.meta.url));

interface Tsconfig {
  include?: string[];
  exclude?: string[];
  references?: { path: string }[];
  compilerOptions?: { paths?: Record<string, string[]> };
}

/** A tsconfig file, comments allowed. */
function readTsconfig(path: string): Tsconfig {
  const { config, error } = ts.readConfigFile(join(root, path), (file) => ts.sys.readFile(file));
  if (error || !config) throw new Error(`${path}: ${ts.flattenDiagnosticMessageText(error?.messageText, "\n")}`);
  return config as Tsconfig;
}

/** The directories holding a package: packages/*, examples, bench, chaos. */
const packageDirs = [
  ...readdirSync(join(root, "packages"))
    .map((name) => `packages/${name}`)
    .filter((dir) => existsSync(join(root, dir, "package.json"))),
  "examples",
  "bench",
  "chaos",
];

/** The workspace packages a package's production code may reference, by its room; undefined: any. */
function roomReferences(name: string): string[] | undefined {
  if (name === "core" || name === "test-support" || name === "monitor-agent") return [];
  if (name === "emulator") return ["core"];
  if (name === "driver-mock") return ["core", "emulator"];
  if (name.startsWith("driver-")) return ["core"];
  if (name === "monitor") return ["core", "mcis", "monitor-agent"];
  if (name === "cli")
    return [
      "core",
      "emulator",
      "mcis",
      "monitor",
      ...["alibaba", "aws", "azure", "gcp", "ibm", "mock", "openstack", "tencent"].map((d) => `driver-${d}`),
    ];
  if (name === "server")
    return [
      "core",
      "emulator",
      "mcis",
      "monitor",
      ...["alibaba", "aws", "azure", "gcp", "ibm", "mock", "openstack", "tencent"].map((d) => `driver-${d}`),
    ];
  if (["mcis", "store-etcd"].includes(name)) return ["core"];
  if (["demo", "examples", "bench", "chaos"].includes(name)) return undefined;
  throw new Error(`${name} is in no room: add it here and in eslint.config.js`);
}

/** Files parsed by earlier probes (the vendor SDKs' declarations are large), as a language service keeps them. */
const parsedFiles = new Map<string, ts.SourceFile>();

/**
 * The diagnostics `tsc -b` would give `project` (a tsconfig path) for one more file, `file`, holding
 * `code`: the program is built from the project's own options, file list and references, and is never
 * emitted. Returns the diagnostics of that file as "TS<code> <message>" (the first line of each).
 */
function probe(project: string, file: string, code: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, project),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${project}`);
  const path = join(root, file);
  const host = ts.createCompilerHost(parsed.options);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => f === path || fileExists(f);
  host.readFile = (f) => (f === path ? code : readFile(f));
  host.getSourceFile = (f, language, ...rest) => {
    if (f === path) return ts.createSourceFile(f, code, language);
    const key = `${f} ${JSON.stringify(language)}`;
    const parsedFile = parsedFiles.get(key) ?? getSourceFile(f, language, ...rest);
    if (parsedFile) parsedFiles.set(key, parsedFile);
    return parsedFile;
  };
  const program = ts.createProgram({
    rootNames: [...parsed.fileNames, path],
    options: parsed.options,
    projectReferences: parsed.projectReferences ?? [],
    host,
  });
  return program
    .getSemanticDiagnostics(program.getSourceFile(path))
    .map((d) => `TS${d.code} ${typeof d.messageText === "string" ? d.messageText : d.messageText.messageText}`);
}

/** The diagnostics that mean "a file outside this project": not in its file list, not under its rootDir. */
const boundaryErrors = (diagnostics: string[]): string[] => diagnostics.filter((d) => /^TS(6307|6059) /.test(d));

/** Where TypeScript resolves `specifier` from `file`. */
function resolved(specifier: string, file: string, project: string): string | undefined {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, project),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  const module = ts.resolveModuleName(specifier, join(root, file), parsed?.options ?? {}, ts.sys).resolvedModule;
  return module && relative(root, module.resolvedFileName);
}

describe("the TypeScript projects", () => {
  it("resolve every workspace entry point to its source: tsconfig.base.json's paths equal the exports maps", () => {
    const expected: Record<string, string[]> = {};
    for (const dir of packageDirs) {
      const pkg = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as {
        name: string;
        exports?: Record<string, { source?: string }>;
      };
      for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
        if (!target.source) continue;
        const name = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
        expected[name] = [`./${join(dir, target.source)}`];
      }
    }
    expect(Object.keys(expected)).toContain("@cloud-barista/core/driver");
    expect(readTsconfig("tsconfig.base.json").compilerOptions?.paths).toEqual(expected);
  });

  it("hold each package's src and tests apart, and the root tsconfig.json builds them all", () => {
    const projects: string[] = [];
    for (const dir of packageDirs) {
      const src = readTsconfig(`${dir}/tsconfig.json`);
      expect(src.include, dir).toEqual(["src"]);
      projects.push(dir);
      if (!existsSync(join(root, dir, "test"))) {
        expect(
          readdirSync(join(root, dir, "src"), { recursive: true }).filter((f) => String(f).endsWith(".test.ts")),
        ).toEqual([]);
        continue;
      }
      expect(src.exclude, dir).toEqual(["src/**/*.test.ts"]);
      const test = readTsconfig(`${dir}/test/tsconfig.json`);
      expect(test.include, dir).toEqual([".", "../src/**/*.test.ts"]);
      expect(test.references, dir).toContainEqual({ path: ".." });
      projects.push(`${dir}/test`);
    }
    const rootReferences = (readTsconfig("tsconfig.json").references ?? []).map((r) => r.path);
    expect([...rootReferences].sort()).toEqual([...projects].sort());
  });

  it("let each package's production code reference only the packages its room may import", () => {
    for (const dir of packageDirs) {
      const allowed = roomReferences(dir.split("/").at(-1) ?? "");
      if (!allowed) continue;
      const references = (readTsconfig(`${dir}/tsconfig.json`).references ?? []).map((r) => r.path.replace("../", ""));
      expect(
        references.filter((name) => !allowed.includes(name)),
        dir,
      ).toEqual([]);
    }
  });

  it("refuse a driver's src importing the emulator (TS6307), and accept core's driver SPI", { timeout: 60_000 }, () => {
    const project = "packages/driver-aws/tsconfig.json";
    const file = "packages/driver-aws/src/boundary-probe.ts";
    expect(resolved("@cloud-barista/emulator", file, project)).toBe("packages/emulator/src/index.ts");
    expect(resolved("@cloud-barista/core/driver", file, project)).toBe("packages/core/src/driver/index.ts");

    const emulator = probe(
      project,
      file,
      'import { World } from "@cloud-barista/emulator";\nexport const w = World;\n',
    );
    expect(boundaryErrors(emulator)).toContainEqual(
      `TS6307 File '${root}packages/emulator/src/index.ts' is not listed within the file list of project ` +
        `'${root}${project}'. Projects must list all files or use an 'include' pattern.`,
    );

    const spi = probe(
      project,
      file,
      'import type { CloudDriver } from "@cloud-barista/core/driver";\nexport type D = CloudDriver;\n',
    );
    expect(boundaryErrors(spi)).toEqual([]);
  });

  it("accept the emulator in a driver's tests", { timeout: 60_000 }, () => {
    const diagnostics = probe(
      "packages/driver-aws/test/tsconfig.json",
      "packages/driver-aws/test/boundary-probe.ts",
      'import { World } from "@cloud-barista/emulator";\nexport const w = World;\n',
    );
    expect(boundaryErrors(diagnostics)).toEqual([]);
  });

  it("refuse a driver in mcis's src and the emulator in core's src", { timeout: 60_000 }, () => {
    const mcis = probe(
      "packages/mcis/tsconfig.json",
      "packages/mcis/src/boundary-probe.ts",
      'import { createMockDriver } from "@cloud-barista/driver-mock";\nexport const d = createMockDriver;\n',
    );
    expect(boundaryErrors(mcis).some((d) => d.startsWith(`TS6307 File '${root}packages/driver-mock/src/`))).toBe(true);

    const core = probe(
      "packages/core/tsconfig.json",
      "packages/core/src/boundary-probe.ts",
      'import { World } from "@cloud-barista/emulator";\nexport const w = World;\n',
    );
    expect(boundaryErrors(core).some((d) => d.startsWith(`TS6307 File '${root}packages/emulator/src/`))).toBe(true);
  });
});

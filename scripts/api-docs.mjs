// Builds the API reference (TypeDoc, options in typedoc.json) of every public package into
// dist/api: one module per entry of each package's exports map (its "source" file), named as
// users import it ("@cloud-barista/core/driver"). Fails on any warning, among them an exported
// class, interface, function, type or constant without a doc comment.
// Every export is documented; there is no list of exceptions.
//
//   node scripts/api-docs.mjs                  (run by `npm test` and `npm run docs`)
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, Converter, ReflectionKind } from "typedoc";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

/** Source file of each public export, by the name it is imported under. */
const entries = new Map();
const packageNames = [];
for (const dir of readdirSync("packages").map((d) => join(root, "packages", d))) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  } catch {
    continue;
  }
  if (manifest.private) continue;
  packageNames.push(manifest.name);
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target !== "object" || !target.source) continue;
    entries.set(resolve(dir, target.source), subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`);
  }
}

const app = await Application.bootstrapWithPlugins({
  entryPoints: [...entries.keys()],
  // Symbols of these packages must be documented (default: the root package.json's name only).
  packagesRequiringDocumentation: packageNames,
});
// treatWarningsAsErrors is the CLI's; through the API the warnings are counted here.
const failed = () => app.logger.hasErrors() || app.logger.hasWarnings();
app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
  if (!reflection.kindOf(ReflectionKind.Module)) return;
  const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
  const name = file && entries.get(resolve(file));
  if (name) reflection.name = name;
});
const project = await app.convert();
if (!project) process.exit(1);
app.validate(project);
if (failed()) process.exit(1);
await app.generateDocs(project, app.options.getValue("out"));
if (failed()) process.exit(1);
console.error(`api-docs: ${entries.size} entry points of ${new Set(entries.values()).size} modules in dist/api`);

import { readdir } from "node:fs/promises";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { isProviderName } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import type { FrontDefinition } from "./definition.js";

// Fronts are found, not listed: every folder beside this module that holds a `definition` module
// exporting `frontDefinition` is a front, so adding a cloud's front touches nothing shared. The
// definition module has this module's own extension: .ts when Vitest runs the sources, .js once
// built into dist/.

const here = new URL("./", import.meta.url);
const definitionFile = `definition${extname(fileURLToPath(import.meta.url))}`;

/**
 * Every front of the emulator, by name; with `names`, only the fronts of those folders (a front's
 * name is its folder's), leaving the other fronts' modules unloaded: loading all eight costs a
 * test or a one-front emulator a second or more.
 */
export async function listFronts(names?: readonly string[]): Promise<FrontDefinition[]> {
  const folders = (await frontFolders()).filter((folder) => !names || names.includes(folder));
  const found = await Promise.all(folders.map(loadDefinition));
  const fronts = found.filter((front) => front !== undefined);
  for (const front of fronts) {
    const twin = fronts.find((other) => other !== front && other.provider === front.provider);
    if (twin) throw new Error(`fronts ${front.name} and ${twin.name} both serve ${front.provider}`);
  }
  return fronts;
}

/** The front of one provider; an error names the fronts there are. */
export async function frontFor(provider: ProviderName): Promise<FrontDefinition> {
  // Fronts are named after their provider in lower case: that one alone when it is the provider's.
  const [named] = await listFronts([provider.toLowerCase()]);
  if (named?.provider === provider) return named;
  const fronts = await listFronts();
  const front = fronts.find((f) => f.provider === provider);
  if (!front) throw new Error(`no emulator front serves ${provider}; fronts: ${fronts.map((f) => f.name).join(", ")}`);
  return front;
}

/** The folders beside this module, sorted. */
async function frontFolders(): Promise<string[]> {
  return (await readdir(here, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The definition in `folder`, undefined when the folder holds none; an error when it is malformed. */
async function loadDefinition(folder: string): Promise<FrontDefinition | undefined> {
  const url = new URL(`${folder}/`, here);
  if (!(await readdir(url)).includes(definitionFile)) return undefined;
  const module = (await import(new URL(definitionFile, url).href)) as { frontDefinition?: Partial<FrontDefinition> };
  const front = module.frontDefinition;
  const where = `fronts/${folder}/${definitionFile}`;
  if (!front || typeof front.start !== "function") throw new Error(`${where} must export a frontDefinition`);
  if (front.name !== folder)
    throw new Error(`${where}: name "${String(front.name)}" must be the folder's, "${folder}"`);
  if (!isProviderName(front.provider)) throw new Error(`${where}: "${String(front.provider)}" is no provider name`);
  if (typeof front.defaults?.region !== "string") throw new Error(`${where}: defaults.region is required`);
  return front as FrontDefinition;
}

// Loaded with `node --import` by the chaos children when the parent runs from TypeScript sources
// (vitest): Node strips the types, and sources import each other with ".js" suffixes, as compiled
// code does, so a ".js" that does not exist next to its importer is looked up as ".ts".
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (/^\.\.?\//.test(specifier) && specifier.endsWith(".js"))
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      throw error;
    }
  },
});

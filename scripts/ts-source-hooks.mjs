// Loaded with `node --import` by test children that run the workspace's TypeScript sources directly
// (Node strips the types; the children also pass `--conditions=source`): sources import each other
// with ".js" suffixes, as compiled code does, so a ".js" that does not exist next to its importer is
// looked up as ".ts". Used by the cross-process tests and the chaos suite under vitest.
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

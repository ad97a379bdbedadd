// @ts-check
// cloud-barista/import-direction: which workspace packages ("@cloud-barista/...") a module may import,
// by the room it sits in. eslint.config.js holds the table of rooms, README.md ("What may import
// what") the reasons. The rule sees every way a module names another: import and export ... from,
// type-only imports, import("..."), import("...").Type, import x = require("...") and require("...").
//
// Options (one object):
//   room     who the message speaks of ("A driver")
//   allow    the only workspace specifiers the room may import, exactly ("@cloud-barista/core/driver")
//   forbid   workspace packages the room may not import, each with its subpaths ("@cloud-barista/emulator")
//   reason   why, appended to the message
//   within   "src" (default) or "package": the directory a relative import may not leave, so that no
//            module reaches into another package's files with "../../other/src/..."
// Give either allow or forbid. Specifiers outside "@cloud-barista/" (vendor SDKs, node:*) are not this
// rule's business.

import { dirname, join, relative, sep } from "node:path";

const workspaceScope = "@cloud-barista/";

/** @type {import("eslint").Rule.RuleModule} */
export const importDirection = {
  meta: {
    type: "problem",
    docs: { description: "Workspace packages are imported only in the directions the architecture allows" },
    schema: [
      {
        type: "object",
        properties: {
          room: { type: "string" },
          allow: { type: "array", items: { type: "string" } },
          forbid: { type: "array", items: { type: "string" } },
          reason: { type: "string" },
          within: { enum: ["src", "package"] },
        },
        required: ["room", "reason"],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: '{{room}} may not import "{{specifier}}": {{reason}}',
      escapes: '{{room}} may not import "{{specifier}}": a relative import stays inside {{within}}; name the package.',
    },
  },

  create(context) {
    const options =
      /** @type {{ room: string, allow?: string[], forbid?: string[], reason: string, within?: "src" | "package" }} */ (
        context.options[0]
      );
    const within = options.within ?? "src";
    const boundary = boundaryOf(context.cwd, context.filename, within);

    /** @param {import("estree").Node} node @param {string} specifier */
    const check = (node, specifier) => {
      if (specifier.startsWith(workspaceScope)) {
        if (isForbidden(specifier, options))
          context.report({
            node,
            messageId: "forbidden",
            data: { room: options.room, specifier, reason: options.reason },
          });
      } else if (boundary && /^\.\.?(\/|$)/.test(specifier)) {
        const target = join(dirname(context.filename), specifier);
        const rel = relative(boundary, target);
        if (rel === ".." || rel.startsWith(`..${sep}`))
          context.report({
            node,
            messageId: "escapes",
            data: { room: options.room, specifier, within: within === "src" ? "src/" : "the package" },
          });
      }
    };

    /** @param {any} node @param {any} source */
    const checkSource = (node, source) => {
      if (source?.type === "Literal" && typeof source.value === "string") check(node, source.value);
      else if (source?.type === "TemplateLiteral" && source.expressions.length === 0)
        check(node, source.quasis[0]?.value.cooked ?? "");
    };

    return {
      ImportDeclaration: (node) => checkSource(node, node.source),
      ExportNamedDeclaration: (node) => checkSource(node, node.source),
      ExportAllDeclaration: (node) => checkSource(node, node.source),
      ImportExpression: (node) => checkSource(node, node.source),
      /** @param {any} node */
      TSImportType: (node) => checkSource(node, node.source ?? node.argument?.literal),
      /** @param {any} node */
      TSExternalModuleReference: (node) => checkSource(node, node.expression),
      CallExpression: (node) => {
        if (node.callee.type === "Identifier" && node.callee.name === "require" && node.arguments.length === 1)
          checkSource(node, node.arguments[0]);
      },
    };
  },
};

/**
 * Whether a workspace specifier breaks the room's rule.
 * @param {string} specifier
 * @param {{ allow?: string[], forbid?: string[] }} options
 */
function isForbidden(specifier, { allow, forbid }) {
  if (allow) return !allow.includes(specifier);
  return (forbid ?? []).some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

/**
 * The directory a relative import of this file may not leave: "<package>/src" or "<package>", for a file
 * under packages/<name>/src/ (or <top-level dir>/src/, such as bench/src/); undefined elsewhere.
 * @param {string} cwd the directory of eslint.config.js
 * @param {string} filename
 * @param {"src" | "package"} within
 * @returns {string | undefined}
 */
function boundaryOf(cwd, filename, within) {
  const parts = relative(cwd, filename).split(sep);
  const depth = parts[0] === "packages" ? 2 : 1;
  if (parts[depth] !== "src" || parts[0] === "..") return undefined;
  return join(cwd, ...parts.slice(0, within === "src" ? depth + 1 : depth));
}

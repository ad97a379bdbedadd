import { existsSync, readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ServerEnv } from "../http/env.js";

// The map page: static files of packages/server/web (no build step) and, so it works offline, the
// world outlines (world-atlas) and their decoder (topojson-client, as ES modules) from node_modules.
// Only the files listed at start are served: no path from a URL ever reaches the file system.

const types: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

/** The package's web/ folder, found upwards from this module (src/ under vitest, dist/src/ when built). */
function webDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "web", "index.html"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("the server's web/ folder is missing");
    dir = up;
  }
  return join(dir, "web");
}

/** URL path under /web/ -> file. */
function pageFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const web = webDir();
  const add = (dir: string, urlDir: string, keep: (name: string) => boolean) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) add(join(dir, entry.name), `${urlDir}${entry.name}/`, keep);
      else if (keep(entry.name)) files.set(`${urlDir}${entry.name}`, join(dir, entry.name));
    }
  };
  add(web, "", (name) => /\.(html|css|js|svg)$/.test(name));
  const require = createRequire(import.meta.url);
  const topojson = join(dirname(require.resolve("topojson-client/package.json")), "src");
  add(topojson, "vendor/topojson-client/", (name) => name.endsWith(".js"));
  const atlas = dirname(require.resolve("world-atlas/package.json"));
  files.set("vendor/world-atlas/countries-110m.json", join(atlas, "countries-110m.json"));
  return files;
}

/** The page's own scripts and styles only; the API is same-origin. */
const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Serves the page at /web/ (no credentials needed: the page asks for an API token and keeps it in sessionStorage). */
export function pageRoutes(app: OpenAPIHono<ServerEnv>): void {
  const files = pageFiles();
  const cache = new Map<string, Buffer>();
  app.get("/web", (c) => c.redirect(`${c.req.path}/`, 301));
  app.get("/web/*", async (c) => {
    const rest = c.req.path.slice(c.req.path.lastIndexOf("/web/") + 5);
    const name = rest === "" ? "index.html" : rest;
    const file = files.get(name);
    if (!file) return c.json({ message: `no page file ${name}`, code: "NotFound" }, 404);
    let body = cache.get(file);
    if (!body) cache.set(file, (body = await readFile(file)));
    const type = types[name.slice(name.lastIndexOf("."))] ?? "application/octet-stream";
    return c.body(new Uint8Array(body), 200, {
      "Content-Type": type,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": contentSecurityPolicy,
    });
  });
}

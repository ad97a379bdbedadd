import type { FrontRequest, FrontResponse } from "../http-front.js";

// Paths no controller serves (a removed API version below Cinder's root) get webob's default
// error page, in the form the Accept header prefers: HTML, JSON or plain text.

const offers = ["text/html", "application/json"] as const;

/** The quality the Accept header gives `type`, from its most specific matching range. */
function quality(accept: string, type: string): number {
  const [major] = type.split("/");
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(",")) {
    const [range = "", ...params] = part.trim().split(";");
    const q = Number(
      params
        .map((p) => p.trim())
        .find((p) => p.startsWith("q="))
        ?.slice(2) ?? "1",
    );
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === "*/*" ? 0 : -1;
    if (specificity > best.specificity) best = { specificity, q: Number.isFinite(q) ? q : 0 };
  }
  return best.q;
}

/** The content type webob picks: the first offer of the highest quality, text/plain when none fits. */
function preferred(accept: string | undefined): (typeof offers)[number] | "text/plain" {
  if (accept === undefined || accept.trim() === "") return "text/html";
  let pick: (typeof offers)[number] | "text/plain" = "text/plain";
  let pickQ = 0;
  for (const offer of offers) {
    const q = quality(accept, offer);
    if (q > pickQ) [pick, pickQ] = [offer, q];
  }
  return pick;
}

/** webob's HTTPNotFound page. */
export function webobNotFound(request: FrontRequest, headers: Record<string, string> = {}): FrontResponse {
  const status = "404 Not Found";
  const body = "The resource could not be found.<br /><br />\n\n\n";
  const type = preferred(request.headers.accept);
  const text =
    type === "text/html"
      ? `<html>\n <head>\n  <title>${status}</title>\n </head>\n <body>\n  <h1>${status}</h1>\n  ${body}\n </body>\n</html>`
      : type === "application/json"
        ? JSON.stringify({ message: body, code: status, title: "Not Found" })
        : `${status}\n\nThe resource could not be found.\n\n   `;
  const contentType = type === "application/json" ? type : `${type}; charset=UTF-8`;
  return { status: 404, headers: { ...headers, "content-type": contentType }, body: text };
}

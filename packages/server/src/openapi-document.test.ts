import { MemoryStore, createCloudBarista } from "@cloud-barista/core";
import { afterAll, expect, it } from "vitest";
import { createServerApp } from "./app.js";
import { tenantsByToken } from "./http/tenancy.js";

const barista = createCloudBarista({ store: new MemoryStore() });
afterAll(() => barista.close());

// The whole generated document, so a refactor of the route modules cannot change a path, a field
// name or a schema unnoticed. A deliberate API change updates it: `npx vitest run -u <this file>`.
it("generates the same OpenAPI document as the committed one", async () => {
  const app = createServerApp({ tenants: tenantsByToken([{ id: "a", barista, tokens: ["token-of-tenant-a-0123"] }]) });
  const doc = (await (await app.request("/openapi.json")).json()) as { info: { version: string } };
  // The package version moves with releases, not with the API.
  doc.info.version = "(package version)";
  await expect(`${JSON.stringify(doc, null, 1)}\n`).toMatchFileSnapshot("./__snapshots__/openapi-document.snap");
});

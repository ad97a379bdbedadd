import { isWorldError } from "../../world/errors.js";
import type { FrontRequest, FrontResponse } from "../http-front.js";
import type { IbmFront } from "./context.js";
import { json } from "./http.js";
import type { Json } from "./http.js";

// The Global Catalog walk for virtual server prices: the service "is.instance", its plan
// "is.instance-gen2", one deployment per region ("is.instance-gen2:us-south") and the
// deployment's pricing, one metric per instance profile offered there, priced from the world's
// catalog (on-demand, per instance-hour, USD). The catalog is anonymous, as IBM's is.

const service = "is.instance";
const plan = "is.instance-gen2";
/** The world account the catalog reads prices through (prices are the same for every account). */
const catalogAccount = "global-catalog";

function error(status: number, message: string): FrontResponse {
  return json(status, { message, "status-code": status });
}

function entry(
  base: string,
  id: string,
  name: string,
  kind: string,
  parent: string | undefined,
  extra: Json = {},
): Json {
  return {
    id,
    name,
    kind,
    active: true,
    disabled: false,
    ...(parent === undefined ? {} : { parent_id: parent }),
    url: `${base}/${id}`,
    children_url: `${base}/${id}/*`,
    overview_ui: { en: { display_name: name, description: name, long_description: name } },
    provider: { name: "IBM", email: "" },
    tags: [],
    created: "2025-01-01T00:00:00.000Z",
    updated: "2025-01-01T00:00:00.000Z",
    ...extra,
  };
}

function entries(front: IbmFront, base: string): Json[] {
  const regions = front.world.catalog("IBM").regions;
  return [
    entry(base, service, service, "service", undefined, {
      metadata: { pricing: { type: "paid", origin: "global_catalog" } },
      geo_tags: regions.map((r) => r.name),
    }),
    entry(base, plan, "gen2-instance", "plan", service, {
      metadata: { pricing: { type: "paid", origin: "global_catalog" } },
      geo_tags: regions.map((r) => r.name),
    }),
    ...regions.map((r) =>
      entry(base, `${plan}:${r.name}`, `gen2-instance-${r.name}`, "deployment", plan, {
        geo_tags: [r.name],
        metadata: {
          pricing: { type: "paid", origin: "global_catalog" },
          deployment: {
            location: r.name,
            location_url: `${base}/${r.name}`,
            target_crn: `crn:v1:bluemix:public:is:${r.name}::::`,
          },
        },
      }),
    ),
  ];
}

function listing(resources: Json[], offset: number, limit: number): Json {
  const slice = resources.slice(offset, offset + limit);
  return { offset, limit, count: resources.length, resource_count: slice.length, resources: slice };
}

function pricing(front: IbmFront, region: string): Json {
  const prices = front.world
    .accountRegion({ provider: "IBM", account: catalogAccount, region })
    .catalog.listPrices().items;
  return {
    deployment_id: `${plan}:${region}`,
    deployment_location: region,
    deployment_region: region,
    origin: "global_catalog",
    type: "paid",
    metrics: prices.map((p) => ({
      part_ref: `is.instance.${p.specName}`,
      metric_id: `part-is.instance.${p.specName}-instance-hours`,
      tier_model: "Linear",
      resource_display_name: p.specName,
      charge_unit_display_name: "Instance-Hour",
      charge_unit_name: "INSTANCE_HOURS",
      charge_unit: "INSTANCE_HOURS",
      charge_unit_quantity: 1,
      usage_cap_qty: -1,
      effective_from: "2025-01-01T00:00:00Z",
      effective_until: "2099-12-31T00:00:00Z",
      amounts: [{ country: "USA", currency: "USD", prices: [{ quantity_tier: 1, price: p.price }] }],
    })),
  };
}

/** `GET /api/v1?q=...`, `GET /api/v1/{id}`, `GET /api/v1/{id}/{kind}` and `GET /api/v1/{id}/pricing`. */
export async function catalogHandler(front: IbmFront, request: FrontRequest): Promise<FrontResponse> {
  if (request.method !== "GET") return error(405, "Method not allowed");
  const base = `${request.url.protocol}//${request.url.host}/api/v1`;
  const parts = request.url.pathname.slice("/api/v1".length).split("/").filter(Boolean).map(decodeURIComponent);
  const query = request.url.searchParams;
  const offset = Math.max(0, Number(query.get("_offset") ?? "0") || 0);
  const limit = Math.min(200, Math.max(1, Number(query.get("_limit") ?? "200") || 200));
  const all = entries(front, base);
  try {
    // The gate applies the IBM catalog's latency, rate limits and faults, as for any IBM call.
    await front.world.call(
      { provider: "IBM", account: catalogAccount, region: "us-south", api: "global_catalog" },
      () => undefined,
    );
  } catch (failure) {
    if (isWorldError(failure, "Throttled"))
      return {
        ...error(429, "Too many requests"),
        headers: {
          "content-type": "application/json",
          "retry-after": String(Math.max(1, Math.ceil((failure.retryAfterMs ?? 1000) / 1000))),
        },
      };
    return error(503, "Service unavailable");
  }
  const [id, kind, extra] = parts;
  if (id === undefined) {
    const words = (query.get("q") ?? "").split(/\s+/).filter(Boolean);
    const kinds = words.filter((w) => w.startsWith("kind:")).map((w) => w.slice(5));
    const names = words.filter((w) => !w.includes(":"));
    const found = all.filter(
      (e) =>
        (kinds.length === 0 || kinds.includes(String(e["kind"]))) &&
        (names.length === 0 || names.some((n) => String(e["name"]).includes(n) || String(e["id"]).includes(n))) &&
        (kinds.length > 0 || names.length > 0 || e["kind"] === "service"),
    );
    return json(200, listing(found, offset, limit));
  }
  const found = all.find((e) => e["id"] === id);
  if (!found || extra !== undefined) return error(404, `Entry ${id} not found`);
  if (kind === undefined) return json(200, found);
  if (kind === "pricing") {
    const region = (found["metadata"] as Json | undefined)?.["deployment"] as Json | undefined;
    if (!region) return error(404, `Entry ${id} has no pricing; ask a deployment of ${plan}`);
    return json(200, pricing(front, String(region["location"])));
  }
  const children = all.filter((e) => e["parent_id"] === id && (kind === "*" || e["kind"] === kind));
  return json(200, listing(children, offset, limit));
}

import { createIbmDriver, ibmVendorClient } from "@cloud-barista/driver-ibm";
import { describe, expect, it } from "vitest";
import { closeRegionsAfterEach, failoverWhenNoCapacity, placeCreateScaleDelete } from "./cloud-regions.js";
import type { CloudRegions } from "./cloud-regions.js";

// MCIS and placement over two IBM Cloud regions through driver-ibm and axios, over HTTP to the
// emulator's IBM front: the catalog ranks the VPC instance profiles of both regions by the Global
// Catalog's prices, the plan spreads the VMs over the two regions, and the MCIS is made, scaled
// and deleted with nothing left behind (every delete awaited until the resource is gone); when the
// nearest region answers create_instance with 503 cannot_start_capacity, the VMs move to the other.

/** The VPC collections that hold what an MCIS VM makes on IBM: kind and collection (also the answer's key). */
const listings = [
  ["instance", "instances"],
  ["volume", "volumes"],
  ["fip", "floating_ips"],
  ["sg", "security_groups"],
  ["key", "keys"],
  ["subnet", "subnets"],
  ["gateway", "public_gateways"],
  ["vpc", "vpcs"],
] as const;

type Listing = Partial<Record<string, Record<string, unknown>[]>>;

const ibm: CloudRegions<"tokyo" | "dallas"> = {
  provider: "IBM",
  // Tokyo is IBM's VPC region nearest Seoul; Dallas prices the same profiles lower.
  regions: { tokyo: "jp-tok", dallas: "us-south" },
  zoneOf: (region) => `${region}-1`,
  // An IBM account id (32 hex digits); the front hands out its API key and its endpoints for IAM,
  // the Global Catalog, Global Tagging and the VPC API (a "{region}" template the driver fills in).
  front: { account: "0f1e2d3c4b5a69788796a5b4c3d2e1f0" },
  driver: () => createIbmDriver(),
  priceSource: "ibm-global-catalog",
  pricedInBoth: "bx2-2x8",
  // Deleted floating IPs, subnets and VPCs linger in `deleting` until gone: the driver awaits them,
  // so none is listed afterwards.
  kinds: {
    all: ["instance", "volume", "fip", "sg", "key", "subnet", "vpc"],
    perVm: ["instance", "volume", "fip"],
  },
  // What the connection's region holds of what an MCIS VM makes (the VPCs' own default security
  // groups aside: they go with their VPC), by raw VPC API calls with the connection's token.
  async leftovers(barista, connection) {
    const vendor = await ibmVendorClient(await barista.connection(connection));
    const query = new URLSearchParams({ ...vendor.vpcQuery, limit: "100" }).toString();
    const headers = { authorization: `Bearer ${await vendor.token()}` };
    const lists: Partial<Record<string, Record<string, unknown>[]>> = {};
    for (const [, collection] of listings) {
      const answer = await vendor.http.get<string>(`${vendor.roots.vpc}/v1/${collection}?${query}`, { headers });
      expect(answer.status, collection).toBe(200);
      const listed = JSON.parse(answer.data) as Listing;
      expect(listed["next"], `${collection} in one page`).toBeUndefined();
      lists[collection] = listed[collection] ?? [];
    }
    const defaults = new Set(
      (lists["vpcs"] ?? []).map((v) => (v["default_security_group"] as { id?: string } | undefined)?.id),
    );
    const found: string[] = [];
    for (const [kind, collection] of listings) {
      for (const r of lists[collection] ?? []) {
        if (kind === "sg" && defaults.has(String(r["id"]))) continue;
        found.push(`${kind} ${String(r["id"])}`);
      }
    }
    return found;
  },
  // The world's capacity of 0 VMs in the region: create_instance answers 503 cannot_start_capacity,
  // which the driver types as capacity and does not retry (IBM takes no idempotency token).
  async expectNoCapacityCalls(barista, connection) {
    await barista.history.flush();
    const calls = await barista.history.query({ connection, api: "create_instance", from: new Date(0) });
    const refused = { code: "CapacityUnavailable", message: expect.stringMatching(/capacity/i) as unknown };
    expect(calls.map((c) => c.error)).toEqual([refused, refused]);
  },
};

closeRegionsAfterEach();

describe("MCIS over two IBM Cloud regions through driver-ibm", () => {
  it("ranks IBM offers across regions by Global Catalog prices, places, creates, scales and deletes an MCIS", async () => {
    await placeCreateScaleDelete(ibm);
  });

  it("moves the VMs to the other region when the nearest answers 503 cannot_start_capacity, leaving nothing there", async () => {
    await failoverWhenNoCapacity(ibm);
  });
});

import { createGcpDriver, gcpVendorClients } from "@cloud-barista/driver-gcp";
import { describe, expect, it } from "vitest";
import { closeRegionsAfterEach, failoverWhenNoCapacity, placeCreateScaleDelete } from "./cloud-regions.js";
import type { CloudRegions } from "./cloud-regions.js";

// MCIS and placement over two GCP regions of one project through driver-gcp and
// @google-cloud/compute, over HTTP to the emulator's GCP front: the catalog ranks the machine types
// of both regions by the Cloud Billing Catalog's SKU prices, the plan spreads the VMs over the two
// regions, and the MCIS is made, scaled and deleted with nothing left behind; when the nearest
// region's insert Operation ends ZONE_RESOURCE_POOL_EXHAUSTED, the VMs move to the other region.

const gcp: CloudRegions<"seoul" | "tokyo"> = {
  provider: "GCP",
  regions: { seoul: "asia-northeast3", tokyo: "asia-northeast1" },
  zoneOf: (region) => `${region}-a`,
  // A small page, so every list the driver makes follows nextPageToken.
  front: { account: "cb-regions", operationMs: 1_000, pageSize: 3 },
  driver: () => createGcpDriver(),
  priceSource: "gcp-cloud-billing-catalog",
  pricedInBoth: "e2-standard-2",
  kinds: {
    all: ["instance", "disk", "subnetwork", "network", "firewall", "key"],
    perVm: ["instance", "disk"],
  },
  // What the project still holds of the connection's region: instances and disks of its zone,
  // subnetworks of its region, the networks with a subnetwork there (or none at all; networks are
  // global) and their firewall rules, and the key pairs the driver keeps in project metadata.
  async leftovers(barista, connection) {
    const conn = await barista.connection(connection);
    const { compute, projectId: project } = await gcpVendorClients(conn);
    const region = gcp.regions[connection];
    const zone = gcp.zoneOf(region);
    const [instances] = await compute.instances.list({ project, zone });
    const [disks] = await compute.disks.list({ project, zone });
    const [subnetworks] = await compute.subnetworks.list({ project, region });
    const [networks] = await compute.networks.list({ project });
    const [firewalls] = await compute.firewalls.list({ project });
    const [projectInfo] = await compute.projects.get({ project });
    const here = networks.filter(
      (n) => (n.subnetworks ?? []).length === 0 || (n.subnetworks ?? []).some((s) => s.includes(`/regions/${region}/`)),
    );
    const hereLinks = new Set(here.map((n) => n.selfLink));
    const keys = (projectInfo.commonInstanceMetadata?.items ?? [])
      .map((i) => i.key ?? "")
      .filter((k) => k.startsWith("cb-keypair-"));
    return [
      ...instances.map((i) => `instance ${i.name}`),
      ...disks.map((d) => `disk ${d.name}`),
      ...subnetworks.map((s) => `subnetwork ${s.name}`),
      ...here.map((n) => `network ${n.name}`),
      ...firewalls.filter((f) => hereLinks.has(f.network)).map((f) => `firewall ${f.name}`),
      ...keys.map((k) => `key ${k}`),
    ];
  },
  // Each insert was accepted (the call answers an Operation) and its Operation ended DONE with
  // ZONE_RESOURCE_POOL_EXHAUSTED, as Compute Engine reports a zone out of capacity.
  async expectNoCapacityCalls(barista, connection) {
    await barista.history.flush();
    const calls = await barista.history.query({ connection, api: "compute.instances.insert", from: new Date(0) });
    expect(calls.map((c) => c.error?.code ?? "ok")).toEqual(["ok", "ok"]);
    const { compute, projectId: project } = await gcpVendorClients(await barista.connection(connection));
    const [operations] = await compute.zoneOperations.list({ project, zone: gcp.zoneOf(gcp.regions[connection]) });
    const inserts = operations.filter((o) => o.operationType === "insert" && o.targetLink?.includes("/instances/"));
    expect(inserts.map((o) => [o.status, o.httpErrorStatusCode, o.error?.errors?.map((e) => e.code)])).toEqual([
      ["DONE", 503, ["ZONE_RESOURCE_POOL_EXHAUSTED"]],
      ["DONE", 503, ["ZONE_RESOURCE_POOL_EXHAUSTED"]],
    ]);
  },
};

closeRegionsAfterEach();

describe("MCIS over two GCP regions through driver-gcp", () => {
  it("ranks GCP offers across regions by Billing Catalog prices, places, creates, scales and deletes an MCIS", async () => {
    await placeCreateScaleDelete(gcp);
  });

  it("moves the VMs to the other GCP region when the nearest zone's pool is exhausted, leaving nothing there", async () => {
    await failoverWhenNoCapacity(gcp);
  });
});

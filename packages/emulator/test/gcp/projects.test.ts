import { describe, expect, it } from "vitest";
import { project, reasonOf, start } from "./support.js";

// The project resource (quotas, common instance metadata), retried mutations by requestId, and
// operations across scopes.

describe("the GCP front's project", () => {
  it("keeps common instance metadata behind its fingerprint", async () => {
    const { send, compute, front } = await start();
    const first = await send("GET", compute(""));
    expect(first.json).toMatchObject({
      kind: "compute#project",
      name: project,
      selfLink: `${front.url}/compute/v1/projects/${project}`,
      commonInstanceMetadata: { kind: "compute#metadata" },
    });
    expect(first.json["quotas"]).toContainEqual({ metric: "NETWORKS", limit: 15, usage: 0 });
    const metadata = first.json["commonInstanceMetadata"] as { fingerprint: string };
    const items = [{ key: "cb-keypair-k1", value: "cb-user:ssh-ed25519 AAAAC3Nz cb-user" }];
    const set = await send("POST", compute("setCommonInstanceMetadata"), {
      body: { fingerprint: metadata.fingerprint, items },
    });
    expect(set.json).toMatchObject({
      operationType: "setCommonInstanceMetadata",
      targetLink: `${front.url}/compute/v1/projects/${project}`,
    });
    const after = (await send("GET", compute(""))).json["commonInstanceMetadata"] as { fingerprint: string };
    expect(after).toMatchObject({ items });
    expect(after.fingerprint).not.toBe(metadata.fingerprint);
    const stale = await send("POST", compute("setCommonInstanceMetadata"), {
      body: { fingerprint: metadata.fingerprint, items: [] },
    });
    expect(stale.status).toBe(412);
    expect(reasonOf(stale)).toBe("conditionNotMet");
    expect((await send("POST", compute("setCommonInstanceMetadata"), { body: { items: [] } })).status).toBe(412);
    const duplicate = [...items, ...items];
    const refused = await send("POST", compute("setCommonInstanceMetadata"), {
      body: { fingerprint: after.fingerprint, items: duplicate },
    });
    expect(refused.status).toBe(400);
    const badKey = await send("POST", compute("setCommonInstanceMetadata"), {
      body: { fingerprint: after.fingerprint, items: [{ key: "no spaces", value: "" }] },
    });
    expect(badKey.status).toBe(400);
  });

  it("refuses the second of two changes made on the same fingerprint, even when both waited", async () => {
    const { send, compute, world, clock } = await start();
    const { fingerprint } = (await send("GET", compute(""))).json["commonInstanceMetadata"] as { fingerprint: string };
    world.latency.perApi["compute.projects.setCommonInstanceMetadata"] = 1000;
    const change = (value: string) =>
      send("POST", compute("setCommonInstanceMetadata"), { body: { fingerprint, items: [{ key: "k", value }] } });
    const both = Promise.all([change("a"), change("b")]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock.advance(1000);
    const statuses = (await both).map((a) => a.status).sort();
    expect(statuses).toEqual([200, 412]);
    const items = ((await send("GET", compute(""))).json["commonInstanceMetadata"] as { items: unknown[] }).items;
    expect(items).toHaveLength(1);
  });

  it("answers a mutation retried with its requestId with the first Operation, once", async () => {
    const { send, compute } = await start();
    const requestId = "5f0c1a52-8d2e-4c3b-9e1f-0a1b2c3d4e5f";
    const body = { name: "vpc", autoCreateSubnetworks: false };
    const first = await send("POST", compute(`global/networks?requestId=${requestId}`), { body });
    const again = await send("POST", compute(`global/networks?requestId=${requestId}`), { body });
    expect(again.status).toBe(200);
    expect(again.json["name"]).toBe(first.json["name"]);
    expect((await send("POST", compute("global/networks"), { body })).status).toBe(409);
    expect((await send("POST", compute("global/networks?requestId=not-a-uuid"), { body })).status).toBe(400);
  });

  it("finds the Operation of a mutation whose answer was lost when it is retried with its requestId", async () => {
    const { send, compute, world } = await start();
    world.faults.add({ provider: "GCP", api: "compute.networks.insert", kind: "internal", phase: "after", times: 1 });
    const requestId = "0e7b7c3a-1111-4222-8333-944445555666";
    const body = { name: "vpc", autoCreateSubnetworks: false };
    const lost = await send("POST", compute(`global/networks?requestId=${requestId}`), { body });
    expect(lost.status).toBe(500);
    const retried = await send("POST", compute(`global/networks?requestId=${requestId}`), { body });
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ operationType: "insert", kind: "compute#operation" });
    expect((await send("GET", compute("global/networks"))).json["items"]).toHaveLength(1);
  });

  it("lists operations of every scope in aggregatedList", async () => {
    const { send, compute } = await start();
    await send("POST", compute("global/networks"), { body: { name: "vpc", autoCreateSubnetworks: false } });
    await send("POST", compute("regions/us-east1/subnetworks"), {
      body: { name: "s", network: "global/networks/vpc", ipCidrRange: "10.0.0.0/24" },
    });
    const all = await send("GET", compute("aggregated/operations"));
    const items = all.json["items"] as Record<string, { operations?: { operationType: string }[] }>;
    expect(items["global"]?.operations?.map((o) => o.operationType)).toEqual(["insert"]);
    expect(items["regions/us-east1"]?.operations).toHaveLength(1);
    expect(items["zones/us-east1-b"]?.operations).toBeUndefined();
    const regional = await send("GET", compute("regions/us-east1/operations"));
    expect(regional.json["items"]).toHaveLength(1);
  });
});

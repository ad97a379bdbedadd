import { describe, expect, it } from "vitest";
import type { Answer } from "./support.js";
import { project, reasonOf, start } from "./support.js";

// Networks, subnetworks and firewall rules, and the Operations their changes answer.

type Item = Record<string, unknown>;
const net = (name: string) => ({ name, autoCreateSubnetworks: false });
const opPath = (answer: Answer) => new URL(String(answer.json["selfLink"])).pathname;

describe("the GCP front's networks", () => {
  it("answers an insert with an Operation that runs PENDING, RUNNING, DONE on the world's clock", async () => {
    const { send, compute, clock, front } = await start({ operationMs: 1000 });
    const op = await send("POST", compute("global/networks"), { body: { ...net("vpc-1"), mtu: 1500 } });
    expect(op.status).toBe(200);
    expect(op.json).toMatchObject({
      kind: "compute#operation",
      operationType: "insert",
      status: "PENDING",
      progress: 0,
      targetLink: `${front.url}/compute/v1/projects/${project}/global/networks/vpc-1`,
      user: expect.stringContaining("@") as unknown,
    });
    expect(String(op.json["name"])).toMatch(/^operation-\d+-[0-9a-f]+/);
    expect(op.json["zone"]).toBeUndefined();
    clock.advance(500);
    const running = await send("GET", opPath(op));
    expect(running.json).toMatchObject({ status: "RUNNING", progress: 37 });
    const waiting = send("POST", `${opPath(op)}/wait`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    clock.advance(500);
    const done = await waiting;
    expect(done.json).toMatchObject({ status: "DONE", progress: 100 });
    expect(done.json["error"]).toBeUndefined();
    expect(done.json["targetId"]).toMatch(/^\d{19}$/);
    const network = await send("GET", compute("global/networks/vpc-1"));
    expect(network.json).toMatchObject({
      kind: "compute#network",
      id: done.json["targetId"],
      name: "vpc-1",
      autoCreateSubnetworks: false,
      mtu: 1500,
      routingConfig: { routingMode: "REGIONAL" },
      subnetworks: [],
    });
    clock.advance(1000);
    await send("POST", compute("global/networks"), { body: net("z-later") });
    const newest = await send("GET", compute("global/networks?orderBy=creationTimestamp%20desc"));
    expect((newest.json["items"] as Item[]).map((n) => n["name"])).toEqual(["z-later", "vpc-1"]);
    const byName = await send("GET", compute("global/networks"));
    expect((byName.json["items"] as Item[]).map((n) => n["name"])).toEqual(["vpc-1", "z-later"]);
    await send("DELETE", compute("global/networks/z-later"));
    const ops = await send("GET", compute("global/operations"));
    expect((ops.json["items"] as Item[]).map((o) => o["operationType"])).toEqual(["insert", "insert", "delete"]);
    expect((ops.json["items"] as Item[])[0]?.["name"]).toBe(op.json["name"]);
    expect((await send("DELETE", opPath(op))).status).toBe(200);
    expect((await send("GET", opPath(op))).status).toBe(404);
    expect((await send("GET", compute("zones/us-central1-a/operations/nope"))).status).toBe(404);
  });

  it("refuses bad names, legacy networks and duplicates as Compute Engine does", async () => {
    const { send, compute } = await start();
    const bad = await send("POST", compute("global/networks"), { body: net("Bad_Name") });
    expect(bad.status).toBe(400);
    expect(reasonOf(bad)).toBe("invalid");
    expect((await send("POST", compute("global/networks"), { body: { name: "legacy" } })).status).toBe(400);
    const ipv4 = await send("POST", compute("global/networks"), { body: { name: "legacy", IPv4Range: "10.0.0.0/16" } });
    expect(ipv4.status).toBe(400);
    expect((await send("POST", compute("global/networks"), { body: net("vpc") })).status).toBe(200);
    const again = await send("POST", compute("global/networks"), { body: net("vpc") });
    expect(again.status).toBe(409);
    expect(reasonOf(again)).toBe("alreadyExists");
    expect((await send("POST", compute("global/networks"), { body: "{" })).status).toBe(400);
    const patched = await send("PATCH", compute("global/networks/vpc"), {
      body: { routingConfig: { routingMode: "GLOBAL" }, mtu: 1500 },
    });
    expect(patched.json["operationType"]).toBe("patch");
    expect((await send("GET", compute("global/networks/vpc"))).json).toMatchObject({
      mtu: 1500,
      routingConfig: { routingMode: "GLOBAL" },
    });
    expect((await send("PATCH", compute("global/networks/vpc"), { body: { mtu: 9000 } })).status).toBe(400);
    const toAuto = await send("PATCH", compute("global/networks/vpc"), { body: { autoCreateSubnetworks: true } });
    expect(toAuto.status).toBe(400);
  });

  it("makes regional subnetworks with non-overlapping ranges across the network's regions", async () => {
    const { send, compute, clock } = await start();
    await send("POST", compute("global/networks"), { body: net("vpc") });
    await send("POST", compute("global/networks"), { body: net("other") });
    const sub = (region: string, name: string, ipCidrRange: string, network = "global/networks/vpc") =>
      send("POST", compute(`regions/${region}/subnetworks`), { body: { name, network, ipCidrRange } });
    const op = await sub("us-central1", "sub-a", "10.0.0.0/24");
    expect(op.json).toMatchObject({
      status: "PENDING",
      region: expect.stringContaining("/regions/us-central1") as unknown,
    });
    clock.advance(1000);
    expect((await send("GET", opPath(op))).json["status"]).toBe("DONE");
    const overlap = await sub("us-east1", "sub-b", "10.0.0.128/25");
    expect(overlap.status).toBe(400);
    expect(JSON.stringify(overlap.json)).toContain(
      "conflicts with existing subnetwork 'sub-a' in region 'us-central1'",
    );
    expect((await sub("us-east1", "sub-b", "10.0.1.0/24")).status).toBe(200);
    // Another network may reuse the range; a name is unique per region across networks.
    expect((await sub("us-east1", "sub-c", "10.0.0.0/24", "global/networks/other")).status).toBe(200);
    expect((await sub("us-east1", "sub-b", "10.9.0.0/24", "global/networks/other")).status).toBe(409);
    expect((await sub("us-east1", "sub-d", "10.0.2.1/24")).status).toBe(400);
    expect((await sub("us-east1", "sub-d", "10.0.2.0/30")).status).toBe(400);
    expect((await sub("us-east1", "sub-d", "10.0.3.0/24", "global/networks/none")).status).toBe(404);
    const got = await send("GET", compute("regions/us-central1/subnetworks/sub-a"));
    expect(got.json).toMatchObject({
      kind: "compute#subnetwork",
      ipCidrRange: "10.0.0.0/24",
      gatewayAddress: "10.0.0.1",
      network: expect.stringMatching(/\/global\/networks\/vpc$/) as unknown,
    });
    const network = await send("GET", compute("global/networks/vpc"));
    expect((network.json["subnetworks"] as string[]).map((s) => s.split("/").slice(-3).join("/"))).toEqual([
      "us-central1/subnetworks/sub-a",
      "us-east1/subnetworks/sub-b",
    ]);
    const aggregated = await send("GET", compute("aggregated/subnetworks"));
    const scopes = aggregated.json["items"] as Record<string, { subnetworks?: Item[] }>;
    expect(scopes["regions/us-east1"]?.subnetworks?.map((s) => s["name"])).toEqual(["sub-b", "sub-c"]);
  });

  it("patches a subnetwork's secondary ranges and Google access behind its fingerprint", async () => {
    const { send, compute } = await start();
    await send("POST", compute("global/networks"), { body: net("vpc") });
    const path = compute("regions/us-central1/subnetworks/sub");
    await send("POST", compute("regions/us-central1/subnetworks"), {
      body: { name: "sub", network: "global/networks/vpc", ipCidrRange: "10.0.0.0/24" },
    });
    await send("POST", compute("regions/us-east1/subnetworks"), {
      body: { name: "other", network: "global/networks/vpc", ipCidrRange: "10.1.0.0/24" },
    });
    const { fingerprint } = (await send("GET", path)).json as { fingerprint: string };
    const ranges = [{ rangeName: "pods", ipCidrRange: "10.4.0.0/16" }];
    expect((await send("PATCH", path, { body: { fingerprint: "stale", secondaryIpRanges: ranges } })).status).toBe(412);
    const clash = [{ rangeName: "pods", ipCidrRange: "10.1.0.0/16" }];
    expect((await send("PATCH", path, { body: { fingerprint, secondaryIpRanges: clash } })).status).toBe(400);
    const patched = await send("PATCH", path, {
      body: { fingerprint, secondaryIpRanges: ranges, privateIpGoogleAccess: true },
    });
    expect(patched.json["operationType"]).toBe("patch");
    const after = (await send("GET", path)).json;
    expect(after).toMatchObject({ secondaryIpRanges: ranges, privateIpGoogleAccess: true });
    expect(after["fingerprint"]).not.toBe(fingerprint);
    expect(
      (await send("PATCH", path, { body: { fingerprint: after["fingerprint"], ipCidrRange: "10.0.0.0/23" } })).status,
    ).toBe(400);
    await send("POST", `${path}/setPrivateIpGoogleAccess`, { body: { privateIpGoogleAccess: false } });
    expect((await send("GET", path)).json["privateIpGoogleAccess"]).toBe(false);
    // A secondary range counts against new subnetworks of the network.
    const overlapping = await send("POST", compute("regions/us-east1/subnetworks"), {
      body: { name: "third", network: "global/networks/vpc", ipCidrRange: "10.4.1.0/24" },
    });
    expect(overlapping.status).toBe(400);
  });

  it("keeps firewall rules on the network and refuses to delete a network still in use", async () => {
    const { send, compute, world } = await start();
    await send("POST", compute("global/networks"), { body: net("vpc") });
    await send("POST", compute("regions/us-central1/subnetworks"), {
      body: { name: "sub", network: "global/networks/vpc", ipCidrRange: "10.1.0.0/24" },
    });
    const rule = {
      name: "allow-ssh",
      network: `projects/${project}/global/networks/vpc`,
      direction: "INGRESS",
      priority: 900,
      allowed: [{ IPProtocol: "tcp", ports: ["22", "8000-8080"] }, { IPProtocol: "icmp" }],
      sourceRanges: ["203.0.113.0/24"],
      targetTags: ["web"],
    };
    expect((await send("POST", compute("global/firewalls"), { body: rule })).status).toBe(200);
    const got = await send("GET", compute("global/firewalls/allow-ssh"));
    expect(got.json).toMatchObject({
      kind: "compute#firewall",
      ...rule,
      network: got.json["network"],
      disabled: false,
    });
    expect(got.json["network"]).toMatch(/\/global\/networks\/vpc$/);
    const egress = {
      name: "deny-out",
      network: "global/networks/vpc",
      direction: "EGRESS",
      denied: [{ IPProtocol: "all" }],
    };
    expect((await send("POST", compute("global/firewalls"), { body: egress })).status).toBe(200);
    expect((await send("GET", compute("global/firewalls/deny-out"))).json).toMatchObject({
      destinationRanges: ["0.0.0.0/0"],
      priority: 1000,
    });
    // The world holds the rule as a security group of the network's VPC in every region.
    const cloud = world.accountRegion({ provider: "GCP", account: project, region: "asia-northeast3" });
    const group = cloud.securityGroups.list({ where: (g) => g.name === "allow-ssh" }).items[0];
    expect(group?.rules).toHaveLength(3);
    const refusals = [
      { ...rule, name: "r1", allowed: [{ IPProtocol: "tcp", ports: ["70000"] }] },
      { ...rule, name: "r2", allowed: [{ IPProtocol: "icmp", ports: ["22"] }] },
      { ...rule, name: "r3", denied: [{ IPProtocol: "tcp" }] },
      { ...rule, name: "r4", allowed: undefined },
      { ...rule, name: "r5", direction: "SIDEWAYS" },
      { ...rule, name: "r6", sourceRanges: ["10.0.0.0/33"] },
      { ...rule, name: "r7", priority: 70000 },
      { ...rule, name: "r8", targetTags: ["Web"] },
      { ...egress, name: "r9", sourceTags: ["web"] },
    ];
    for (const body of refusals) {
      expect((await send("POST", compute("global/firewalls"), { body })).status, body.name).toBe(400);
    }
    expect(
      (await send("POST", compute("global/firewalls"), { body: { ...rule, network: "global/networks/x" } })).status,
    ).toBe(404);
    const patched = await send("PATCH", compute("global/firewalls/allow-ssh"), {
      body: { sourceRanges: ["198.51.100.0/24"] },
    });
    expect(patched.json["operationType"]).toBe("patch");
    expect((await send("GET", compute("global/firewalls/allow-ssh"))).json).toMatchObject({
      sourceRanges: ["198.51.100.0/24"],
      allowed: rule.allowed,
    });
    // A numeric id serves wherever a name does.
    const byId = await send("GET", compute(`global/firewalls/${String(got.json["id"])}`));
    expect(byId.json["name"]).toBe("allow-ssh");
    const inUse = await send("DELETE", compute("global/networks/vpc"));
    expect(inUse.status).toBe(400);
    expect(reasonOf(inUse)).toBe("resourceInUseByAnotherResource");
    expect((await send("DELETE", compute("global/firewalls/allow-ssh"))).status).toBe(200);
    expect((await send("DELETE", compute("global/firewalls/deny-out"))).status).toBe(200);
    const subnetInUse = await send("DELETE", compute("global/networks/vpc"));
    expect(JSON.stringify(subnetInUse.json)).toContain(`projects/${project}/regions/us-central1/subnetworks/sub`);
    expect((await send("DELETE", compute("regions/us-central1/subnetworks/sub"))).status).toBe(200);
    const networkId = String((await send("GET", compute("global/networks/vpc"))).json["id"]);
    const deleted = await send("DELETE", compute(`global/networks/${networkId}`));
    expect(deleted.json).toMatchObject({ operationType: "delete" });
    expect((await send("GET", compute("global/networks/vpc"))).status).toBe(404);
    expect(cloud.vpcs.list().items).toEqual([]);
  });

  it("makes auto-mode networks with a subnetwork per region, deleted with the network", async () => {
    const { send, compute } = await start();
    await send("POST", compute("global/networks"), { body: { name: "auto", autoCreateSubnetworks: true } });
    const sub = await send("GET", compute("regions/us-central1/subnetworks/auto"));
    expect(sub.json["ipCidrRange"]).toBe("10.128.0.0/20");
    expect((await send("DELETE", compute("regions/us-central1/subnetworks/auto"))).status).toBe(400);
    expect((await send("DELETE", compute("global/networks/auto"))).status).toBe(200);
    expect((await send("GET", compute("regions/us-central1/subnetworks/auto"))).status).toBe(404);
  });

  it("ends an insert over quota in a DONE Operation with QUOTA_EXCEEDED and leaves nothing", async () => {
    const { send, compute, world, clock } = await start();
    world.quotas.set({ provider: "GCP", region: "europe-west1" }, { vpcs: 0 });
    const op = await send("POST", compute("global/networks"), { body: net("vpc") });
    expect(op.status).toBe(200);
    expect(op.json["error"]).toBeUndefined();
    clock.advance(1000);
    const done = await send("GET", opPath(op));
    expect(done.json).toMatchObject({
      status: "DONE",
      httpErrorStatusCode: 403,
      error: {
        errors: [{ code: "QUOTA_EXCEEDED", message: "Quota 'NETWORKS' exceeded.  Limit: 0.0 in region europe-west1." }],
      },
    });
    expect((await send("GET", compute("global/networks/vpc"))).status).toBe(404);
    const cloud = world.accountRegion({ provider: "GCP", account: project, region: "asia-northeast3" });
    expect(cloud.vpcs.list().items).toEqual([]);
  });

  it("throttles with 403 rateLimitExceeded from the world's buckets and 429 from an injected fault", async () => {
    const { send, compute, world } = await start();
    world.rateLimits.setRules("GCP", [
      { name: "reads", access: "read", bucket: "shared", capacity: 2, refillPerSecond: 0.001 },
    ]);
    expect((await send("GET", compute("regions"))).status).toBe(200);
    expect((await send("GET", compute("zones"))).status).toBe(200);
    const limited = await send("GET", compute("zones"));
    expect(limited.status).toBe(403);
    expect(reasonOf(limited)).toBe("rateLimitExceeded");
    world.rateLimits.setRules("GCP", []);
    world.faults.add({ provider: "GCP", api: "compute.networks.insert", kind: "throttle", times: 1 });
    const injected = await send("POST", compute("global/networks"), { body: net("vpc") });
    expect(injected.status).toBe(429);
    expect(injected.json["error"]).toMatchObject({ status: "RESOURCE_EXHAUSTED" });
    expect(injected.headers["retry-after"]).toBe("1");
    expect((await send("POST", compute("global/networks"), { body: net("vpc") })).status).toBe(200);
  });
});

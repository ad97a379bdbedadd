/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ibmFixture, runningInstance, sshRsaPublicKey, vpcWithSubnet } from "./support.js";
import type { Body, IbmFixture } from "./support.js";

describe("the IBM front's VPCs, subnets and gateways", () => {
  let f: IbmFixture;
  beforeEach(async () => {
    f = await ibmFixture({ front: { maxPageSize: 3 } });
  });
  afterEach(async () => {
    await f.close();
  });

  it("makes a VPC with default prefixes per zone and a default security group, pending then available", async () => {
    const vpc = await f.vpc("POST", "/vpcs", { body: { name: "demo" } });
    expect(vpc.status).toBe(201);
    expect(vpc.body).toMatchObject({ name: "demo", status: "pending", resource_type: "vpc", classic_access: false });
    expect(String(vpc.body["id"])).toMatch(/^r006-/);
    expect(String(vpc.body["crn"])).toContain(":is:us-south:");
    const prefixes = await f.vpc("GET", `/vpcs/${vpc.body["id"]}/address_prefixes`);
    expect(prefixes.body["address_prefixes"].map((p: Body) => [p["zone"]["name"], p["cidr"]])).toEqual([
      ["us-south-1", "10.240.0.0/18"],
      ["us-south-2", "10.240.64.0/18"],
      ["us-south-3", "10.240.128.0/18"],
    ]);
    const sg = await f.vpc("GET", `/vpcs/${vpc.body["id"]}/default_security_group`);
    expect(sg.body["id"]).toBe(vpc.body["default_security_group"]["id"]);
    await f.advance(2_000);
    expect((await f.vpc("GET", `/vpcs/${vpc.body["id"]}`)).body["status"]).toBe("available");
  });

  it("refuses a subnet outside the zone's prefixes, an overlapping one, and a bad name", async () => {
    const vpc = await f.vpc("POST", "/vpcs", { body: { name: "demo", address_prefix_management: "manual" } });
    const id = vpc.body["id"];
    const outside = await f.vpc("POST", "/subnets", {
      body: { vpc: { id }, zone: { name: "us-south-1" }, ipv4_cidr_block: "10.0.0.0/24" },
    });
    expect(outside.status).toBe(400);
    expect(outside.body["errors"][0]["code"]).toBe("not_in_address_prefix");
    const prefix = await f.vpc("POST", `/vpcs/${id}/address_prefixes`, {
      body: { cidr: "10.0.0.0/16", zone: { name: "us-south-1" } },
    });
    expect(prefix.status).toBe(201);
    const ok = await f.vpc("POST", "/subnets", {
      body: { name: "a", vpc: { id }, zone: { name: "us-south-1" }, ipv4_cidr_block: "10.0.0.0/24" },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ total_ipv4_address_count: 256, available_ipv4_address_count: 251 });
    const overlap = await f.vpc("POST", "/subnets", {
      body: { name: "b", vpc: { id }, zone: { name: "us-south-1" }, ipv4_cidr_block: "10.0.0.128/25" },
    });
    expect(overlap.status).toBe(409);
    expect(overlap.body["errors"][0]["code"]).toBe("subnet_conflict");
    const badName = await f.vpc("POST", "/vpcs", { body: { name: "Bad_Name" } });
    expect(badName.body["errors"][0]).toMatchObject({ code: "validation_invalid_name", target: { name: "name" } });
    const inUse = await f.vpc("DELETE", `/vpcs/${id}/address_prefixes/${prefix.body["id"]}`);
    expect(inUse.body["errors"][0]["code"]).toBe("address_prefix_in_use");
  });

  it("pages over more than three pages with limit and start, and caps the page at the front's maximum", async () => {
    const { vpcId } = await vpcWithSubnet(f);
    for (let i = 0; i < 7; i += 1)
      expect((await f.vpc("POST", "/security_groups", { body: { name: `sg-${i}`, vpc: { id: vpcId } } })).status).toBe(
        201,
      );
    const seen: string[] = [];
    let pages = 0;
    let next: string | undefined;
    do {
      const start: Record<string, string> =
        next === undefined ? {} : { start: new URL(next).searchParams.get("start") ?? "" };
      const got = await f.vpc("GET", "/security_groups", { query: { limit: "2", ...start } });
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({ limit: 2, total_count: 8 });
      expect(got.body["first"]["href"]).toContain("/security_groups?limit=2");
      seen.push(...got.body["security_groups"].map((g: Body) => g["name"]));
      next = got.body["next"]?.["href"];
      if (next !== undefined) expect(next).not.toContain("version=");
      pages += 1;
    } while (next !== undefined);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(8);
    const capped = await f.vpc("GET", "/security_groups", { query: { limit: "50" } });
    expect(capped.body["security_groups"]).toHaveLength(3);
    expect((await f.vpc("GET", "/security_groups", { query: { limit: "101" } })).body["errors"][0]["code"]).toBe(
      "validation_max_value",
    );
    expect((await f.vpc("GET", "/security_groups", { query: { start: "nope" } })).status).toBe(400);
  });

  it("keeps a deleted subnet deleting until it is gone, and the VPC not empty meanwhile", async () => {
    const { vpcId, subnetId } = await vpcWithSubnet(f);
    expect((await f.vpc("DELETE", `/subnets/${subnetId}`)).status).toBe(204);
    expect((await f.vpc("GET", `/subnets/${subnetId}`)).body["status"]).toBe("deleting");
    const busy = await f.vpc("DELETE", `/vpcs/${vpcId}`);
    expect(busy.status).toBe(409);
    expect(busy.body["errors"][0]["code"]).toBe("vpc_not_empty");
    await f.advance(5_000);
    expect((await f.vpc("GET", `/subnets/${subnetId}`)).status).toBe(404);
    expect((await f.vpc("DELETE", `/vpcs/${vpcId}`)).status).toBe(204);
    expect((await f.vpc("GET", `/vpcs/${vpcId}`)).body["status"]).toBe("deleting");
    await f.advance(5_000);
    expect((await f.vpc("GET", `/vpcs/${vpcId}`)).status).toBe(404);
  });

  it("answers 409 for a subnet in use by an instance or a public gateway", async () => {
    const { vpcId, subnetId } = await vpcWithSubnet(f);
    await runningInstance(f, subnetId);
    const used = await f.vpc("DELETE", `/subnets/${subnetId}`);
    expect(used.status).toBe(409);
    expect(used.body["errors"][0]["code"]).toMatch(/^subnet_not_empty/);
    const gateway = await f.vpc("POST", "/public_gateways", {
      body: { name: "gw", vpc: { id: vpcId }, zone: { name: "us-south-1" } },
    });
    expect(gateway.status).toBe(201);
    expect(gateway.body["floating_ip"]["address"]).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const twice = await f.vpc("POST", "/public_gateways", {
      body: { vpc: { id: vpcId }, zone: { name: "us-south-1" } },
    });
    expect(twice.body["errors"][0]["code"]).toBe("gateway_too_many");
    const attached = await f.vpc("PUT", `/subnets/${subnetId}/public_gateway`, { body: { id: gateway.body["id"] } });
    expect(attached.status).toBe(201);
    expect((await f.vpc("GET", `/subnets/${subnetId}`)).body["public_gateway"]["id"]).toBe(gateway.body["id"]);
    const gwInUse = await f.vpc("DELETE", `/public_gateways/${gateway.body["id"]}`);
    expect(gwInUse.body["errors"][0]["code"]).toBe("public_gateway_in_use");
    expect((await f.vpc("DELETE", `/subnets/${subnetId}/public_gateway`)).status).toBe(204);
    expect((await f.vpc("DELETE", `/public_gateways/${gateway.body["id"]}`)).status).toBe(204);
  });

  it("keeps exactly the rules asked for and refuses IBM's invalid ones", async () => {
    const { vpcId } = await vpcWithSubnet(f);
    const sg = await f.vpc("POST", "/security_groups", {
      body: {
        name: "web",
        vpc: { id: vpcId },
        rules: [
          { direction: "inbound", protocol: "tcp", port_min: 22, port_max: 22, remote: { cidr_block: "0.0.0.0/0" } },
        ],
      },
    });
    expect(sg.body["rules"]).toHaveLength(1);
    const rule = await f.vpc("POST", `/security_groups/${sg.body["id"]}/rules`, {
      body: { direction: "outbound", protocol: "all" },
    });
    expect(rule.status).toBe(201);
    const bad = await f.vpc("POST", `/security_groups/${sg.body["id"]}/rules`, {
      body: { direction: "inbound", protocol: "tcp", port_min: 80 },
    });
    expect(bad.body["errors"][0]["code"]).toBe("security_group_port_range_both_or_neither");
    const reversed = await f.vpc("POST", `/security_groups/${sg.body["id"]}/rules`, {
      body: { direction: "inbound", protocol: "udp", port_min: 90, port_max: 80 },
    });
    expect(reversed.body["errors"][0]["code"]).toBe("security_group_port_max_less_than_port_min");
    const rules = await f.vpc("GET", `/security_groups/${sg.body["id"]}/rules`);
    expect(rules.body["rules"].map((r: Body) => r["direction"]).sort()).toEqual(["inbound", "outbound"]);
    expect((await f.vpc("DELETE", `/security_groups/${sg.body["id"]}/rules/${rule.body["id"]}`)).status).toBe(204);
    const dflt = await f.vpc("GET", `/vpcs/${vpcId}`);
    const refused = await f.vpc("DELETE", `/security_groups/${dflt.body["default_security_group"]["id"]}`);
    expect(refused.body["errors"][0]["code"]).toBe("security_group_vpc_default");
  });

  it("imports keys with fingerprint and length, refusing a duplicate and garbage", async () => {
    const publicKey = sshRsaPublicKey();
    const key = await f.vpc("POST", "/keys", { body: { name: "mine", public_key: publicKey } });
    expect(key.status).toBe(201);
    expect(key.body).toMatchObject({ type: "rsa", length: 2048, fingerprint: expect.stringMatching(/^SHA256:/) });
    expect(
      (await f.vpc("POST", "/keys", { body: { name: "again", public_key: publicKey } })).body["errors"][0]["code"],
    ).toBe("key_content_exists");
    expect(
      (await f.vpc("POST", "/keys", { body: { name: "junk", public_key: "ssh-rsa AAAA" } })).body["errors"][0]["code"],
    ).toBe("key_parse_failure");
    expect((await f.vpc("DELETE", `/keys/${key.body["id"]}`)).status).toBe(204);
    expect((await f.vpc("GET", `/keys/${key.body["id"]}`)).status).toBe(404);
  });
});

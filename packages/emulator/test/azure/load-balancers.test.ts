import { describe, expect, it } from "vitest";
import { network0, nic, path, pip, rg, vm, vmBody } from "./compute-support.js";
import { network } from "./support.js";

// Standard public load balancers on the Azure front, on the wire: one PUT with frontend, pool,
// probe and rule; the public IP held while the balancer lives; a rule's health as an operation.

const lb = (name: string) => path("Microsoft.Network/loadBalancers", name, network);
const lbId = `${rg}/providers/Microsoft.Network/loadBalancers/lb`;
const vnetId = `${rg}/providers/Microsoft.Network/virtualNetworks/net`;
const pipId = (name: string) => `${rg}/providers/Microsoft.Network/publicIPAddresses/${name}`;

function lbBody(ips: string[], options: { sku?: string | null; probe?: Record<string, unknown>; ip?: string } = {}) {
  return {
    location: "koreacentral",
    ...(options.sku === null ? {} : { sku: { name: options.sku ?? "Standard" } }),
    properties: {
      frontendIPConfigurations: [{ name: "fe", properties: { publicIPAddress: { id: pipId(options.ip ?? "lbip") } } }],
      backendAddressPools: [
        {
          name: "pool",
          properties: {
            virtualNetwork: { id: vnetId },
            loadBalancerBackendAddresses: ips.map((ip, i) => ({
              name: `m${i}`,
              properties: { virtualNetwork: { id: vnetId }, ipAddress: ip },
            })),
          },
        },
      ],
      probes: [{ name: "probe", properties: { protocol: "Tcp", port: 8080, intervalInSeconds: 5, ...options.probe } }],
      loadBalancingRules: [
        {
          name: "rule",
          properties: {
            frontendIPConfiguration: { id: `${lbId}/frontendIPConfigurations/fe` },
            backendAddressPool: { id: `${lbId}/backendAddressPools/pool` },
            probe: { id: `${lbId}/probes/probe` },
            protocol: "Tcp",
            frontendPort: 80,
            backendPort: 8080,
          },
        },
      ],
    },
  };
}

async function withVm() {
  const f = await network0();
  await f.send("PUT", pip("lbip"), {
    location: "koreacentral",
    sku: { name: "Standard" },
    properties: { publicIPAllocationMethod: "Static" },
  });
  await f.makeNic("n1");
  await f.settle(await f.send("PUT", vm("web"), vmBody("n1")));
  const config = (await f.send("GET", nic("n1"))).json["properties"] as {
    ipConfigurations: { properties: { privateIPAddress: string } }[];
  };
  return { ...f, ip: config.ipConfigurations[0]?.properties.privateIPAddress ?? "" };
}

describe("load balancers on the Azure front", () => {
  it("makes a Standard public balancer in one PUT and holds its public IP until it is deleted", async () => {
    const { send, settle, ip, makeNic } = await withVm();
    const made = await send("PUT", lb("lb"), lbBody([ip]));
    expect(made.status).toBe(201);
    expect(await settle(made)).toMatchObject({ status: "Succeeded" });
    const got = await send("GET", lb("lb"));
    expect(got.json).toMatchObject({
      sku: { name: "Standard" },
      properties: {
        provisioningState: "Succeeded",
        frontendIPConfigurations: [{ properties: { publicIPAddress: { id: pipId("lbip") } } }],
        backendAddressPools: [
          {
            properties: {
              loadBalancerBackendAddresses: [
                {
                  name: "m0",
                  properties: {
                    ipAddress: ip,
                    networkInterfaceIPConfiguration: { id: expect.stringContaining("/networkInterfaces/n1/") },
                  },
                },
              ],
            },
          },
        ],
        loadBalancingRules: [
          { properties: { frontendPort: 80, backendPort: 8080, probe: { id: `${lbId}/probes/probe` } } },
        ],
      },
    });
    expect((await send("GET", pip("lbip"))).json).toMatchObject({
      properties: { ipConfiguration: { id: `${lbId}/frontendIPConfigurations/fe` } },
    });
    expect((await send("DELETE", pip("lbip"))).json["error"]).toMatchObject({ code: "PublicIPAddressInUse" });
    await makeNic("n2", "lbip").then((r) => expect(r.json["error"]).toMatchObject({ code: "PublicIPAddressInUse" }));
    await settle(await send("DELETE", lb("lb")));
    expect((await send("GET", lb("lb"))).status).toBe(404);
    expect((await send("DELETE", pip("lbip"))).status).toBe(202);
  });

  it("answers a rule's health through the operation's Location: Down until the probes pass, then Up", async () => {
    const { send, settle, ip, clock } = await withVm();
    await settle(await send("PUT", lb("lb"), lbBody([ip, "10.0.1.200"])));
    const health = async () => {
      const started = await send(
        "POST",
        `${rg}/providers/Microsoft.Network/loadBalancers/lb/loadBalancingRules/rule/health?${network}`,
      );
      expect(started.status).toBe(202);
      const location = String(started.headers["location"]);
      for (;;) {
        const answer = await send("GET", location);
        if (answer.status === 200) return answer.json;
        expect(answer.status).toBe(202);
        await clock.sleep(1000);
      }
    };
    expect(await health()).toMatchObject({ up: 0, down: 2 });
    await clock.sleep(10 * 60_000);
    const later = await health();
    expect(later).toMatchObject({ up: 1, down: 1 });
    expect(later["loadBalancerBackendAddresses"]).toContainEqual(
      expect.objectContaining({ ipAddress: ip, state: "Up" }),
    );
    // No VM holds the second address: it stays Down.
    expect(later["loadBalancerBackendAddresses"]).toContainEqual(
      expect.objectContaining({ ipAddress: "10.0.1.200", state: "Down" }),
    );
  });

  it("refuses Basic (retired), a public IP another resource holds, an address outside the network and a rule that names another probe", async () => {
    const { send, ip, makeNic } = await withVm();
    for (const sku of [null, "Basic"]) {
      const refused = await send("PUT", lb("lb"), lbBody([ip], { sku }));
      expect(refused.status).toBe(400);
      expect(refused.json["error"]).toMatchObject({ target: "sku.name" });
    }
    await send("PUT", pip("held"), { location: "koreacentral", properties: { publicIPAllocationMethod: "Static" } });
    await makeNic("n2", "held");
    expect((await send("PUT", lb("lb"), lbBody([ip], { ip: "held" }))).json["error"]).toMatchObject({
      code: "PublicIPAddressInUse",
    });
    const http = await send("PUT", lb("lb"), lbBody([ip], { probe: { protocol: "Http" } }));
    expect(http.json["error"]).toMatchObject({ code: "InvalidParameter", target: "probes[0].properties.requestPath" });
    const outside = await send("PUT", lb("lb"), lbBody(["192.168.0.4"]));
    expect(outside.json["error"]).toMatchObject({ code: "InvalidParameter" });
    const body = lbBody([ip]);
    const rule = body.properties.loadBalancingRules[0];
    if (rule) rule.properties.probe = { id: `${lbId}/probes/other` };
    expect((await send("PUT", lb("lb"), body)).json["error"]).toMatchObject({ code: "InvalidParameter" });
    expect((await send("GET", lb("lb"))).status).toBe(404);
  });
});

import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { client, network, secret, start, subscription, tenant } from "./support.js";

// The Azure front as a client sees it on the wire: raw HTTPS requests trusting only the front's own
// certificate. driver-azure's tests drive it through the real Azure SDK.

const group = (name: string) => `/subscriptions/${subscription}/resourcegroups/${name}?api-version=2025-04-01`;
const vnet = (name: string, query = network) =>
  `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${name}?${query}`;

describe("the Azure front", () => {
  it("serves HTTPS on loopback with a certificate for 127.0.0.1 made at start", async () => {
    const { front } = await start();
    expect(front.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cert = new X509Certificate(front.caCertificate);
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it("publishes the tenant's OpenID configuration on the same authority and refuses a wrong secret", async () => {
    const { send, front } = await start();
    const config = await send("GET", `/${tenant}/v2.0/.well-known/openid-configuration`);
    expect(config.json).toMatchObject({
      issuer: `${front.url}/${tenant}/v2.0`,
      token_endpoint: `${front.url}/${tenant}/oauth2/v2.0/token`,
    });
    expect((await send("GET", `/not-a-tenant/v2.0/.well-known/openid-configuration`)).json["error"]).toBe(
      "invalid_tenant",
    );
    const form = `grant_type=client_credentials&client_id=${client}&client_secret=wrong&scope=https%3A%2F%2Fmanagement.azure.com%2F.default`;
    const refused = await send("POST", `/${tenant}/oauth2/v2.0/token`, { form });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
    expect(String(refused.json["error_description"])).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    const noDefault = await send("POST", `/${tenant}/oauth2/v2.0/token`, {
      form: form.replace("wrong", secret).replace("%2F.default", ""),
    });
    expect(noDefault.json["error"]).toBe("invalid_scope");
  });

  it("checks the bearer token on every management call, expiry included", async () => {
    let now = Date.now();
    const { send, token } = await start({ now: () => now, tokenTtlMs: 60_000 });
    const missing = await send("GET", group("rg"));
    expect(missing.status).toBe(401);
    expect((missing.json["error"] as { code: string }).code).toBe("AuthenticationFailed");
    expect(missing.headers["www-authenticate"]).toMatch(/^Bearer authorization_uri=/);
    const forged = await send("GET", group("rg"), { token: "a.b.c" });
    expect((forged.json["error"] as { code: string }).code).toBe("InvalidAuthenticationToken");
    const good = await token();
    expect((await send("GET", group("rg"), { token: good })).status).toBe(404);
    now += 61_000;
    const expired = await send("GET", group("rg"), { token: good });
    expect(expired.status).toBe(401);
    expect(expired.json["error"]).toMatchObject({ code: "ExpiredAuthenticationToken" });
    expect(expired.headers["www-authenticate"]).toMatch(/error="invalid_token"/);
    const other = await send(
      "GET",
      `/subscriptions/ffffffff-1111-2222-3333-444444444444/resourcegroups/rg?api-version=2025-04-01`,
      {
        token: await token(),
      },
    );
    expect(other.status).toBe(403);
  });

  it("requires a served api-version and answers in ARM's envelope with request ids", async () => {
    const { send, token } = await start();
    const t = await token();
    const none = await send("GET", vnet("v", ""), { token: t });
    expect(none.status).toBe(400);
    expect(none.json["error"]).toMatchObject({ code: "MissingApiVersionParameter" });
    const old = await send("GET", vnet("v", "api-version=2015-06-15"), { token: t });
    expect(old.json["error"]).toMatchObject({ code: "NoRegisteredProviderFound" });
    expect(old.headers["x-ms-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(old.headers["x-ms-correlation-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const noGroup = await send("GET", vnet("v"), { token: t });
    expect(noGroup.status).toBe(404);
    expect(noGroup.json["error"]).toMatchObject({ code: "ResourceGroupNotFound" });
    await send("PUT", group("rg"), { token: t, body: { location: "koreacentral" } });
    const notFound = await send("GET", vnet("v"), { token: t });
    expect(notFound.json["error"]).toMatchObject({ code: "ResourceNotFound" });
    expect(Number(notFound.headers["x-ms-ratelimit-remaining-subscription-reads"])).toBeGreaterThan(0);
  });

  it("runs a PUT and a DELETE as operations polled at absolute URLs until they end on the world's clock", async () => {
    const { send, token, clock, front } = await start({ operationMs: 5_000 });
    const t = await token();
    await send("PUT", group("rg"), { token: t, body: { location: "koreacentral" } });
    const body = { location: "koreacentral", properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] } } };
    const put = await send("PUT", vnet("v"), { token: t, body });
    expect(put.status).toBe(201);
    expect(put.json["properties"]).toMatchObject({ provisioningState: "Updating" });
    const poll = String(put.headers["azure-asyncoperation"]);
    expect(
      poll.startsWith(
        `${front.url}/subscriptions/${subscription}/providers/Microsoft.Network/locations/koreacentral/operations/`,
      ),
    ).toBe(true);
    expect(put.headers["retry-after"]).toBe("5");
    expect((await send("GET", poll, { token: t })).json["status"]).toBe("InProgress");
    await clock.sleep(5_000);
    expect((await send("GET", poll, { token: t })).json["status"]).toBe("Succeeded");
    expect((await send("GET", vnet("v"), { token: t })).json["properties"]).toMatchObject({
      provisioningState: "Succeeded",
    });
    const del = await send("DELETE", vnet("v"), { token: t });
    expect(del.status).toBe(202);
    const location = String(del.headers["location"]);
    expect((await send("GET", location, { token: t })).status).toBe(202);
    await clock.sleep(5_000);
    expect((await send("GET", location, { token: t })).status).toBe(204);
    expect((await send("DELETE", vnet("v"), { token: t })).status).toBe(204);
  });

  it("pages lists with nextLink and throttles with 429, Retry-After and the remaining counters", async () => {
    const { send, token, world } = await start({ pageSize: 2 });
    const t = await token();
    await send("PUT", group("rg"), { token: t, body: { location: "koreacentral" } });
    for (let i = 0; i < 5; i++) {
      const body = {
        location: i % 2 ? "eastus" : "koreacentral",
        properties: { addressSpace: { addressPrefixes: [`10.${i}.0.0/16`] } },
      };
      expect((await send("PUT", vnet(`v${i}`), { token: t, body })).status).toBe(201);
    }
    const names: string[] = [];
    let next: string | undefined =
      `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks?${network}`;
    let pages = 0;
    while (next) {
      const page = await send("GET", next, { token: t });
      names.push(...(page.json["value"] as { name: string }[]).map((v) => v.name));
      next = page.json["nextLink"] as string | undefined;
      pages++;
    }
    expect(names.sort()).toEqual(["v0", "v1", "v2", "v3", "v4"]);
    expect(pages).toBeGreaterThanOrEqual(3);
    world.rateLimits.setRules("AZURE", [
      { name: "reads", access: "read", bucket: "shared", capacity: 1, refillPerSecond: 0.5 },
    ]);
    expect((await send("GET", vnet("v0"), { token: t })).status).toBe(200);
    const throttled = await send("GET", vnet("v0"), { token: t });
    expect(throttled.status).toBe(429);
    expect(throttled.json["error"]).toMatchObject({ code: "SubscriptionRequestsThrottled" });
    expect(throttled.headers["retry-after"]).toBe("2");
    expect(throttled.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("0");
  });

  it("checks NSG rules as Network RP does and keeps the six default rules in every NSG", async () => {
    const { send, token } = await start({ operationMs: 0 });
    const t = await token();
    await send("PUT", group("rg"), { token: t, body: { location: "koreacentral" } });
    const nsg = `/subscriptions/${subscription}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/g?${network}`;
    const rule = (name: string, priority: number) => ({
      name,
      properties: {
        priority,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: "*",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        destinationPortRange: "22",
      },
    });
    const clash = await send("PUT", nsg, {
      token: t,
      body: { location: "koreacentral", properties: { securityRules: [rule("a", 100), rule("b", 100)] } },
    });
    expect(clash.json["error"]).toMatchObject({ code: "SecurityRuleConflict" });
    const low = await send("PUT", nsg, {
      token: t,
      body: { location: "koreacentral", properties: { securityRules: [rule("a", 4097)] } },
    });
    expect(low.json["error"]).toMatchObject({ code: "SecurityRuleInvalidPriority" });
    const made = await send("PUT", nsg, {
      token: t,
      body: { location: "koreacentral", properties: { securityRules: [rule("a", 100)] } },
    });
    expect(made.status).toBe(201);
    const props = made.json["properties"] as { securityRules: unknown[]; defaultSecurityRules: { name: string }[] };
    expect(props.securityRules).toHaveLength(1);
    expect(props.defaultSecurityRules.map((r) => r.name)).toEqual([
      "AllowVnetInBound",
      "AllowAzureLoadBalancerInBound",
      "DenyAllInBound",
      "AllowVnetOutBound",
      "AllowInternetOutBound",
      "DenyAllOutBound",
    ]);
  });
});

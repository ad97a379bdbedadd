import { collect } from "@cloud-barista/core/driver";
import { baristaRejectionOf as failure, closedAfterEach } from "@cloud-barista/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createTencentDriver } from "../src/index.js";
import { secretId, secretKey, tencentFixture } from "./setup.js";

const open = closedAfterEach(tencentFixture);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("driver-tencent against the Tencent front", () => {
  it("lists regions with their zones through tencentcloud-sdk-nodejs", async () => {
    const f = await open();
    const regions = await collect(f.conn.metadata.regionZones());
    const seoul = regions.find((r) => r.name === "ap-seoul");
    expect(seoul?.zones.map((z) => z.name)).toContain("ap-seoul-1");
  });

  it("refuses a bad signature (a wrong SecretKey) as Unauthenticated, quoting neither key nor signature", async () => {
    const f = await open({ secret: "wrong-secret-key-0123456789abcdefgh" });
    const error = await failure(collect(f.conn.metadata.regionZones()));
    expect([error.code, error.nativeCode, error.retryable]).toEqual([
      "Unauthenticated",
      "AuthFailure.SignatureFailure",
      false,
    ]);
    const text = `${error.message} ${JSON.stringify(error)} ${error.cause instanceof Error ? error.cause.message : ""}`;
    for (const secret of [secretKey, "wrong-secret-key", secretId, "Signature="]) expect(text).not.toContain(secret);
  });

  it("refuses an expired timestamp (more than 5 minutes behind the cloud's clock) as Unauthenticated", async () => {
    const f = await open();
    // The front reads the wall clock as Tencent does; the SDK signs with `new Date()`, which this
    // leaves alone: the signature's X-TC-Timestamp is 10 minutes old when the front checks it.
    const real = Date.now.bind(Date);
    vi.spyOn(Date, "now").mockImplementation(() => real() + 10 * 60_000);
    const error = await failure(collect(f.conn.metadata.regionZones()));
    expect([error.code, error.nativeCode, error.retryable]).toEqual([
      "Unauthenticated",
      "AuthFailure.SignatureExpire",
      false,
    ]);
  });

  it("refuses an unknown SecretId as Unauthenticated", async () => {
    const f = await open({ credential: { secretId: "AKIDunknownKeyId000000000000000000" } });
    const error = await failure(collect(f.conn.metadata.regionZones()));
    expect([error.code, error.nativeCode]).toEqual(["Unauthenticated", "AuthFailure.SecretIdNotFound"]);
  });

  it("refuses a malformed credential before any call", async () => {
    const f = await open({ credential: { secretId: "AKID with, separators" } });
    const error = await failure(collect(f.conn.metadata.regionZones()));
    expect([error.code, error.field]).toEqual(["InvalidArgument", "credential.secretId"]);
    expect(error.message).not.toContain("AKID with");
    expect(f.control.servedApis()).toEqual([]);
  });

  it("reaches the front through the routeTo option, keeping each service's host name, on the international domain", async () => {
    const f = await open();
    const driver = f.barista.drivers.register(
      createTencentDriver({ routeTo: f.front.endpoint, endpointDomain: "intl.tencentcloudapi.com" }),
      { name: "tencent-routed" },
    );
    // No connection endpoint: the driver's route carries every service to the front.
    await f.barista.connections.add({ name: "routed", driver, credential: "tencent-cred", region: "seoul" });
    const routed = await f.barista.connection("routed");
    expect((await collect(routed.metadata.regionZones())).map((r) => r.name)).toContain("ap-seoul");
    const [price] = await collect(routed.metadata.prices());
    expect(price?.onDemand.currency).toBe("USD");
  });

  it("refuses a routeTo that is not an origin, and an endpoint domain that is not a domain", () => {
    expect(() => createTencentDriver({ routeTo: "http://127.0.0.1:1/path" })).toThrow(/routeTo/);
    expect(() => createTencentDriver({ endpointDomain: "https://tencentcloudapi.com" })).toThrow(/endpointDomain/);
  });
});

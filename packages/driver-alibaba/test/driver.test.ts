import { collect } from "@cloud-barista/core/driver";
import { defaultCatalogs } from "@cloud-barista/emulator";
import { baristaRejectionOf as failure, closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { accessKeyId, accessKeySecret, alibabaFixture } from "./setup.js";

const open = closedAfterEach(alibabaFixture);

describe("driver-alibaba against the Alibaba front", () => {
  it("lists regions with their zones through pop-core", async () => {
    const fixture = await open();
    const regions = await collect(fixture.conn.metadata.regionZones());
    const seoul = regions.find((r) => r.name === "ap-northeast-2");
    expect(seoul?.zones.map((z) => z.name)).toContain("ap-northeast-2a");
  });

  it("lists a zone that sells no instances as Unavailable", async () => {
    const catalogs = defaultCatalogs.map((c) =>
      c.provider !== "ALIBABA"
        ? c
        : {
            ...c,
            regions: c.regions.map((r) =>
              r.name !== "cn-hangzhou"
                ? r
                : {
                    ...r,
                    zones: r.zones.map((z) =>
                      z.name === "cn-hangzhou-k" ? { ...z, status: "unavailable" as const } : z,
                    ),
                  },
            ),
          },
    );
    const fixture = await open({ world: { catalogs } });
    const hangzhou = (await collect(fixture.conn.metadata.regionZones())).find((r) => r.name === "cn-hangzhou");
    const status = (zone: string) => hangzhou?.zones.find((z) => z.name === zone)?.status;
    expect([status("cn-hangzhou-k"), status("cn-hangzhou-h")]).toEqual(["Unavailable", "Available"]);
  });

  it("refuses a wrong secret as Unauthenticated, quoting neither secret nor signature", async () => {
    const fixture = await open({ secret: "wrong-secret-value-0000000000000" });
    const error = await failure(collect(fixture.conn.metadata.regionZones()));
    expect(error.code).toBe("Unauthenticated");
    expect(error.nativeCode).toBe("SignatureDoesNotMatch");
    expect(error.retryable).toBe(false);
    const text = `${error.message} ${JSON.stringify(error)} ${error.cause instanceof Error ? error.cause.message : ""}`;
    expect(text).not.toContain(accessKeySecret);
    expect(text).not.toContain("wrong-secret-value");
    expect(text).not.toContain("Signature=");
    expect(text).not.toContain(accessKeyId);
  });

  it("signs with an STS AccessKey and its token, and refuses a token that is not the key's", async () => {
    const sts = { accessKeyId: "STS.NUgYrLnoC37mZZCNnAbez2n", securityToken: "CAIS-emulated-sts-token-value" };
    const fixture = await open({ sts });
    expect((await collect(fixture.conn.metadata.regionZones())).length).toBeGreaterThan(0);
    const other = await open({ sts, credential: { securityToken: "CAIS-another-token" } });
    const error = await failure(collect(other.conn.metadata.regionZones()));
    expect([error.code, error.nativeCode]).toEqual(["Unauthenticated", "InvalidSecurityToken.MismatchWithAccessKey"]);
    expect(error.message).not.toContain("CAIS-");
  });

  it("refuses an incomplete credential before any call", async () => {
    const fixture = await open({ credential: { accessKeyId: "STS.temporary-key-id" } });
    const error = await failure(collect(fixture.conn.metadata.regionZones()));
    expect([error.code, error.field]).toEqual(["InvalidArgument", "credential.securityToken"]);
    expect(fixture.control.servedApis()).toEqual([]);
  });
});

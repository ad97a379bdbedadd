import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessKeyId, frontFixture, text } from "./support.js";

type Fixture = Awaited<ReturnType<typeof frontFixture>>;
let f: Fixture;
beforeAll(async () => {
  f = await frontFixture();
});
afterAll(() => f.close());

describe("AWS front authentication (SigV4)", () => {
  it("serves a correctly signed request and reads the region from the credential scope", async () => {
    const res = await f.query("DescribeAvailabilityZones", {}, { region: "eu-west-1" });
    expect(res.status).toBe(200);
    expect(res.text).toContain("<zoneName>eu-west-1a</zoneName>");
  });

  it("refuses EC2 calls the way EC2 does: unknown key, wrong secret, stale date, no signature, tampered body", async () => {
    const cases = [
      { sign: { key: "AKIAUNKNOWN000000000" }, status: 401, code: "AuthFailure" },
      { sign: { secret: "wrong" }, status: 403, code: "SignatureDoesNotMatch" },
      { sign: { date: new Date(Date.now() - 20 * 60_000) }, status: 400, code: "RequestExpired" },
      { sign: { unsigned: true }, status: 401, code: "MissingAuthenticationToken" },
      {
        sign: { tamper: (body: string) => body.replace("DescribeRegions", "DescribeImages") },
        status: 403,
        code: "SignatureDoesNotMatch",
      },
      { sign: { region: "mars-1" }, status: 401, code: "AuthFailure" },
    ];
    for (const { sign, status, code } of cases) {
      const res = await f.query("DescribeRegions", {}, sign);
      expect(res.status, code).toBe(status);
      expect(text(res.text, "Code")).toBe(code);
      expect(text(res.text, "RequestID")).toBe(res.headers.get("x-amzn-requestid"));
    }
  });

  it("requires the session token an identity carries", async () => {
    f.world.identities.add({
      provider: "AWS",
      key: "ASIATEMPORARY0000001",
      secret: "temp",
      account: "123456789012",
      attributes: { sessionToken: "tok" },
    });
    const without = await f.query("DescribeRegions", {}, { key: "ASIATEMPORARY0000001", secret: "temp" });
    expect(text(without.text, "Code")).toBe("AuthFailure");
    const withToken = await f.query(
      "DescribeRegions",
      {},
      { key: "ASIATEMPORARY0000001", secret: "temp", headers: { "x-amz-security-token": "tok" } },
    );
    expect(withToken.status).toBe(200);
  });

  it("refuses ELBv2 and Price List calls in their own vocabularies", async () => {
    const elb = await f.query(
      "DescribeLoadBalancers",
      {},
      { service: "elasticloadbalancing", key: "AKIAUNKNOWN000000000" },
    );
    expect(elb.status).toBe(403);
    expect(elb.text).toMatch(
      /^<\?xml[^>]*\?>\n<ErrorResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><Error><Type>Sender<\/Type><Code>InvalidClientTokenId<\/Code>/,
    );
    const badSig = await f.query("DescribeLoadBalancers", {}, { service: "elasticloadbalancing", secret: "wrong" });
    expect(text(badSig.text, "Code")).toBe("SignatureDoesNotMatch");
    const pricing = await f.pricing("GetProducts", { ServiceCode: "AmazonEC2" }, { key: "AKIAUNKNOWN000000000" });
    expect(pricing.status).toBe(403);
    expect(pricing.headers.get("x-amzn-errortype")).toBe("UnrecognizedClientException");
    expect(JSON.parse(pricing.text)).toMatchObject({ __type: "UnrecognizedClientException" });
    const badPricingSig = await f.pricing("GetProducts", { ServiceCode: "AmazonEC2" }, { secret: "wrong" });
    expect(JSON.parse(badPricingSig.text)).toMatchObject({ __type: "InvalidSignatureException" });
  });

  it("routes by the SigV4 service name: a scope for another service is refused", async () => {
    const res = await f.query("DescribeRegions", {}, { service: "s3" });
    expect(res.status).toBe(403);
    expect(text(res.text, "Code")).toBe("SignatureDoesNotMatch");
    expect(accessKeyId).toMatch(/^AKIA/);
  });
});

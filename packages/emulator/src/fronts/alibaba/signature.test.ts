import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalQuery, percentEncode, signV1, stringToSign } from "./signature.js";

describe("Alibaba signature v1", () => {
  it("percent-encodes as RFC 3986: ~ bare; space, *, !, ', ( and ) encoded", () => {
    expect(percentEncode("a b*c~d!e'f(g)h/")).toBe("a%20b%2Ac~d%21e%27f%28g%29h%2F");
    expect(percentEncode("한")).toBe("%ED%95%9C");
  });

  it("sorts parameters by encoded name and leaves Signature out", () => {
    const params = new Map([
      ["Version", "2014-05-26"],
      ["Action", "DescribeRegions"],
      ["Signature", "ignored"],
      ["Tag.1.Key", "a b"],
    ]);
    expect(canonicalQuery(params)).toBe("Action=DescribeRegions&Tag.1.Key=a%20b&Version=2014-05-26");
    expect(stringToSign("get", params)).toBe(
      `GET&%2F&${encodeURIComponent("Action=DescribeRegions&Tag.1.Key=a%20b&Version=2014-05-26")}`,
    );
  });

  it("signs with HMAC-SHA1 under the secret followed by &", () => {
    const expected = createHmac("sha1", "secret&").update("GET&%2F&x").digest("base64");
    expect(signV1("GET&%2F&x", "secret")).toBe(expected);
  });
});

import { describe, expect, it } from "vitest";
import { canonicalUri, expectedSignature, parseAmzDate, parseAuthorization } from "./sigv4.js";

describe("SigV4 verification", () => {
  it("computes the signature of AWS's published get-vanilla example", () => {
    // From the Signature Version 4 test suite in the AWS General Reference.
    const auth = parseAuthorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc",
    );
    expect(auth).toEqual({
      accessKeyId: "AKIDEXAMPLE",
      date: "20150830",
      region: "us-east-1",
      service: "service",
      signedHeaders: ["host", "x-amz-date"],
      signature: "abc",
    });
    const request = {
      method: "GET",
      url: new URL("http://example.amazonaws.com/"),
      headers: { host: "example.amazonaws.com", "x-amz-date": "20150830T123600Z" },
      body: Buffer.alloc(0),
    };
    expect(expectedSignature(request, auth!, "20150830T123600Z", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")).toBe(
      "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });

  it("refuses malformed Authorization headers", () => {
    expect(parseAuthorization(undefined)).toBeUndefined();
    expect(parseAuthorization("AWS AKID:sig")).toBeUndefined();
    expect(
      parseAuthorization(
        "AWS4-HMAC-SHA256 Credential=AKID/2015/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=x",
      ),
    ).toBeUndefined();
    expect(
      parseAuthorization("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ec2/aws4_request, Signature=x"),
    ).toBeUndefined();
  });

  it("canonicalises paths (dot segments, second encoding) and dates", () => {
    expect(canonicalUri("/")).toBe("/");
    expect(canonicalUri("/a/./b/../c")).toBe("/a/c");
    expect(canonicalUri("/a%20b")).toBe("/a%2520b");
    expect(parseAmzDate("20260101T120000Z")).toBe(Date.UTC(2026, 0, 1, 12));
    expect(parseAmzDate("2026-01-01")).toBeUndefined();
  });
});

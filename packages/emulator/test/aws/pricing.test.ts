import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frontFixture } from "./support.js";

type Fixture = Awaited<ReturnType<typeof frontFixture>>;
let f: Fixture;
beforeAll(async () => {
  f = await frontFixture();
});
afterAll(() => f.close());

interface Output {
  FormatVersion: string;
  PriceList: string[];
  NextToken?: string;
}

const seoul = [{ Type: "TERM_MATCH", Field: "regionCode", Value: "ap-northeast-2" }];

describe("AWS front: Price List Query API", () => {
  it("returns EC2 products as JSON strings with on-demand terms, paged by NextToken", async () => {
    const products: Record<string, unknown>[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await f.pricing("GetProducts", {
        ServiceCode: "AmazonEC2",
        Filters: seoul,
        MaxResults: 10,
        ...(token ? { NextToken: token } : {}),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.1");
      const out = JSON.parse(res.text) as Output;
      expect(out.FormatVersion).toBe("aws_v1");
      for (const entry of out.PriceList) {
        expect(typeof entry).toBe("string");
        products.push(JSON.parse(entry) as Record<string, unknown>);
      }
      token = out.NextToken;
      pages++;
    } while (token);
    const catalog = f.world
      .accountRegion({ provider: "AWS", account: "123456789012", region: "ap-northeast-2" })
      .catalog.listPrices().items;
    expect(products).toHaveLength(catalog.length);
    expect(pages).toBe(Math.ceil(catalog.length / 10));
    const micro = products.find(
      (p) =>
        (p as { product: { attributes: { instanceType: string } } }).product.attributes.instanceType === "t3.micro",
    ) as {
      product: { attributes: Record<string, string> };
      terms: {
        OnDemand: Record<string, { priceDimensions: Record<string, { unit: string; pricePerUnit: { USD: string } }> }>;
      };
    };
    expect(micro.product.attributes).toMatchObject({
      regionCode: "ap-northeast-2",
      location: "Asia Pacific (Seoul)",
      operatingSystem: "Linux",
      tenancy: "Shared",
    });
    const [dimension] = Object.values(Object.values(micro.terms.OnDemand)[0]?.priceDimensions ?? {});
    expect(dimension?.unit).toBe("Hrs");
    expect(Number(dimension?.pricePerUnit.USD)).toBe(catalog.find((p) => p.specName === "t3.micro")?.price);
  });

  it("applies every filter type and refuses bad input", async () => {
    const get = async (input: unknown) =>
      JSON.parse((await f.pricing("GetProducts", input)).text) as Output & { __type?: string };
    expect(
      (
        await get({
          ServiceCode: "AmazonEC2",
          Filters: [...seoul, { Type: "TERM_MATCH", Field: "operatingSystem", Value: "Windows" }],
        })
      ).PriceList,
    ).toEqual([]);
    const gpus = await get({
      ServiceCode: "AmazonEC2",
      Filters: [...seoul, { Type: "ANY_OF", Field: "instanceType", Value: "g5.xlarge, g4dn.xlarge" }],
      MaxResults: 100,
    });
    expect(gpus.PriceList).toHaveLength(2);
    const t3 = await get({
      ServiceCode: "AmazonEC2",
      Filters: [...seoul, { Type: "CONTAINS", Field: "instanceType", Value: "t3." }],
      MaxResults: 100,
    });
    expect(t3.PriceList).toHaveLength(4);
    expect((await get({ ServiceCode: "AmazonS3" })).PriceList).toEqual([]);
    expect(await get({ Filters: seoul })).toMatchObject({ __type: "InvalidParameterException" });
    expect(await get({ ServiceCode: "AmazonEC2", MaxResults: 500 })).toMatchObject({
      __type: "InvalidParameterException",
    });
    expect(await get({ ServiceCode: "AmazonEC2", Filters: [{ Type: "LIKE", Field: "x", Value: "y" }] })).toMatchObject({
      __type: "InvalidParameterException",
    });
    const unknown = await f.pricing("DescribeServices", {});
    expect(JSON.parse(unknown.text)).toMatchObject({ __type: "UnknownOperationException" });
  });
});

import type { AccountRegion } from "../../../world/account-region.js";
import type { World } from "../../../world/world.js";
import type { Price, Region, Spec } from "../../../world/resources/catalog-service.js";
import { AwsFault } from "../fault.js";
import { derivedCode } from "../ids.js";
import { chainPages, pageSizeFor } from "../paging.js";
import type { ChainSource, PagePolicy } from "../paging.js";
import { regionCode } from "../ec2/zones.js";

// The Price List Query API's view of EC2: one product per (region, instance type) for on-demand
// Linux with shared tenancy, each with an OnDemand term whose price comes from the world's catalog.

export interface PriceFilter {
  type: "TERM_MATCH" | "EQUALS" | "CONTAINS" | "ANY_OF" | "NONE_OF";
  field: string;
  value: string;
}

const filterTypes = new Set(["TERM_MATCH", "EQUALS", "CONTAINS", "ANY_OF", "NONE_OF"]);

/** The `Filters` of a GetProducts body. */
export function readPriceFilters(raw: unknown): PriceFilter[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new AwsFault("InvalidParameterException", "Filters must be a list");
  return raw.map((f: unknown) => {
    const { Type, Field, Value } = (f ?? {}) as { Type?: unknown; Field?: unknown; Value?: unknown };
    if (typeof Type !== "string" || !filterTypes.has(Type) || typeof Field !== "string" || typeof Value !== "string") {
      throw new AwsFault(
        "InvalidParameterException",
        "Each filter needs a Type (TERM_MATCH, EQUALS, CONTAINS, ANY_OF or NONE_OF), a Field and a Value",
      );
    }
    return { type: Type as PriceFilter["type"], field: Field, value: Value };
  });
}

function matches(filter: PriceFilter, attributes: Readonly<Record<string, string>>): boolean {
  const actual = attributes[filter.field]?.toLowerCase();
  const wanted = filter.value.toLowerCase();
  switch (filter.type) {
    case "TERM_MATCH":
    case "EQUALS":
      return actual === wanted;
    case "CONTAINS":
      return actual !== undefined && actual.includes(wanted);
    case "ANY_OF":
      return actual !== undefined && wanted.split(",").some((v) => v.trim() === actual);
    case "NONE_OF":
      return actual === undefined || !wanted.split(",").some((v) => v.trim() === actual);
  }
}

const onDemandTerm = "JRTCKXETXF";
const priceDimension = "6YS6EN2CT7";
const publication = "2025-01-01T00:00:00Z";

function usageType(region: string, type: string): string {
  return region === "us-east-1" ? `BoxUsage:${type}` : `${regionCode(region).toUpperCase()}-BoxUsage:${type}`;
}

interface Product {
  sku: string;
  attributes: Record<string, string>;
  price: Price;
}

function productOf(region: Region, spec: Spec | undefined, price: Price): Product {
  const attributes: Record<string, string> = {
    productFamily: "Compute Instance",
    servicecode: "AmazonEC2",
    location: region.displayName,
    locationType: "AWS Region",
    regionCode: region.name,
    instanceType: price.specName,
    instanceFamily: spec?.gpu ? "GPU instance" : "General purpose",
    currentGeneration: "Yes",
    vcpu: String(spec?.vcpus ?? ""),
    memory: spec ? `${spec.memoryMiB / 1024} GiB` : "",
    processorArchitecture: "64-bit",
    physicalProcessor: spec?.architecture === "arm64" ? "AWS Graviton" : "Intel Xeon",
    ...(spec?.gpu ? { gpu: String(spec.gpu.count) } : {}),
    operatingSystem: "Linux",
    tenancy: "Shared",
    preInstalledSw: "NA",
    licenseModel: "No License required",
    capacitystatus: "Used",
    operation: "RunInstances",
    usagetype: usageType(region.name, price.specName),
  };
  return { sku: derivedCode(price.pricingId, 14), attributes, price };
}

/** One PriceList entry: the product and its on-demand term, as the JSON string AWS returns. */
function priceDocument(product: Product): string {
  const { sku, attributes, price } = product;
  const term = `${sku}.${onDemandTerm}`;
  const rateCode = `${term}.${priceDimension}`;
  return JSON.stringify({
    product: { productFamily: attributes["productFamily"], attributes, sku },
    serviceCode: "AmazonEC2",
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: {
            [rateCode]: {
              unit: "Hrs",
              endRange: "Inf",
              description: `$${price.price} per On Demand Linux ${price.specName} Instance Hour`,
              appliesTo: [],
              rateCode,
              beginRange: "0",
              pricePerUnit: { [price.currency]: price.price.toFixed(10) },
            },
          },
          sku,
          effectiveDate: publication,
          offerTermCode: onDemandTerm,
          termAttributes: {},
        },
      },
    },
    version: "20250101000000",
    publicationDate: publication,
  });
}

/** One source per catalog region, each paged through the world's price list of that region. */
function regionSources(world: World, account: string, filters: readonly PriceFilter[]): ChainSource<Product>[] {
  return world.catalog("AWS").regions.map((def) => ({
    page: (size, token) => {
      const cloud: AccountRegion = world.accountRegion({ provider: "AWS", account, region: def.name });
      const region = cloud.catalog.getRegion(def.name);
      const specs = new Map(cloud.catalog.listSpecs().items.map((s) => [s.name, s]));
      const product = (price: Price) => productOf(region, specs.get(price.specName), price);
      const page = cloud.catalog.listPrices({
        maxResults: size,
        nextToken: token,
        where: (price) => filters.every((f) => matches(f, product(price).attributes)),
      });
      return { items: page.items.map(product), nextToken: page.nextToken };
    },
  }));
}

export interface GetProductsInput {
  ServiceCode?: unknown;
  Filters?: unknown;
  FormatVersion?: unknown;
  NextToken?: unknown;
  MaxResults?: unknown;
}

/** GetProducts: EC2 on-demand Linux products matching every filter, paged (at most 100 a page). */
export function getProducts(
  world: World,
  account: string,
  pages: PagePolicy,
  input: GetProductsInput,
): { FormatVersion: string; PriceList: string[]; NextToken?: string } {
  if (typeof input.ServiceCode !== "string" || input.ServiceCode === "") {
    throw new AwsFault("InvalidParameterException", "Input validation error: ServiceCode is required");
  }
  if (input.FormatVersion !== undefined && input.FormatVersion !== "aws_v1") {
    throw new AwsFault("InvalidParameterException", "The only FormatVersion is aws_v1");
  }
  const maxResults = input.MaxResults === undefined ? undefined : Number(input.MaxResults);
  if (maxResults !== undefined && !Number.isInteger(maxResults))
    throw new AwsFault("InvalidParameterException", "MaxResults must be an integer");
  const size = pageSizeFor(pages, maxResults, { min: 1, max: 100, param: "MaxResults" });
  const token = typeof input.NextToken === "string" ? input.NextToken : undefined;
  // Only EC2 products are modelled; other services have none.
  if (input.ServiceCode !== "AmazonEC2") return { FormatVersion: "aws_v1", PriceList: [] };
  const page = chainPages(regionSources(world, account, readPriceFilters(input.Filters)), size, token);
  return {
    FormatVersion: "aws_v1",
    PriceList: page.items.map(priceDocument),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}

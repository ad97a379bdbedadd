import type { PriceHandler, PriceInfo } from "@cloud-barista/core/driver";
import type { Filter } from "@aws-sdk/client-pricing";
import type { AwsSession } from "../session.js";

/** GetProducts pages hold at most 100 products. */
const maxProductsPerPage = 100;

/** The shape of a Price List document, as far as on-demand prices need it. */
interface PriceDocument {
  product?: { sku?: string; attributes?: Record<string, string> };
  terms?: {
    OnDemand?: Record<
      string,
      { priceDimensions?: Record<string, { unit?: string; rateCode?: string; pricePerUnit?: Record<string, string> }> }
    >;
  };
}

/** The hourly on-demand price of one product document, or undefined when it has none. */
export function onDemandPriceOf(doc: PriceDocument, region: string, retrievedAt: Date): PriceInfo | undefined {
  const attributes = doc.product?.attributes ?? {};
  const specName = attributes["instanceType"];
  if (specName === undefined) return undefined;
  for (const term of Object.values(doc.terms?.OnDemand ?? {})) {
    for (const dimension of Object.values(term.priceDimensions ?? {})) {
      if (dimension.unit !== "Hrs") continue;
      const [currency, amount] = Object.entries(dimension.pricePerUnit ?? {})[0] ?? [];
      const price = Number(amount);
      if (currency === undefined || !(price > 0)) continue;
      return {
        specName,
        region,
        onDemand: { price, currency, unit: "Hour", ...(dimension.rateCode ? { pricingId: dimension.rateCode } : {}) },
        source: "aws-pricing-api",
        retrievedAt,
        extra: {
          sku: doc.product?.sku ?? "",
          location: attributes["location"] ?? "",
          usageType: attributes["usagetype"] ?? "",
        },
      };
    }
  }
  return undefined;
}

/**
 * On-demand Linux prices of the connection's region from the Price List Query API (GetProducts,
 * served in us-east-1): shared tenancy, no pre-installed software, capacity in use.
 */
export function createPriceHandler(aws: AwsSession): PriceHandler {
  const filter = (Field: string, Value: string): Filter => ({ Type: "TERM_MATCH", Field, Value });
  const filters = [
    filter("regionCode", aws.region),
    filter("operatingSystem", "Linux"),
    filter("tenancy", "Shared"),
    filter("preInstalledSw", "NA"),
    filter("capacitystatus", "Used"),
    filter("licenseModel", "No License required"),
  ];
  return {
    list: (ctx) =>
      aws.pages(
        (NextToken) =>
          aws.pricing(ctx, "GetProducts", {
            ServiceCode: "AmazonEC2",
            Filters: filters,
            FormatVersion: "aws_v1",
            MaxResults: maxProductsPerPage,
            NextToken,
          }),
        (page) => {
          const retrievedAt = new Date(ctx.clock.now());
          const raw: unknown = page.PriceList;
          const documents = Array.isArray(raw) ? raw.map((entry) => JSON.parse(String(entry)) as PriceDocument) : [];
          return documents.flatMap((doc) => onDemandPriceOf(doc, aws.region, retrievedAt) ?? []);
        },
      ),
  };
}

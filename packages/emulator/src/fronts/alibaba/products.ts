/** The RPC products the front serves on one URL, told apart by the request's `Version`. */
export interface Product {
  /** As the troubleshooting link names it: "Ecs". */
  name: "Ecs" | "Vpc" | "Slb";
  version: string;
  host: string;
}

export const ecs: Product = { name: "Ecs", version: "2014-05-26", host: "ecs.aliyuncs.com" };
export const vpc: Product = { name: "Vpc", version: "2016-04-28", host: "vpc.aliyuncs.com" };
export const slb: Product = { name: "Slb", version: "2014-05-15", host: "slb.aliyuncs.com" };

export const products: readonly Product[] = [ecs, vpc, slb];

export function productOf(version: string): Product | undefined {
  return products.find((p) => p.version === version);
}

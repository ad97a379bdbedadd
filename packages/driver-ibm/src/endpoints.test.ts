import { describe, expect, it } from "vitest";
import { serviceRoots } from "./endpoints.js";

describe("serviceRoots", () => {
  it("uses IBM's public endpoints, the VPC one per region", () => {
    expect(serviceRoots("eu-de")).toEqual({
      iam: "https://iam.cloud.ibm.com",
      vpc: "https://eu-de.iaas.cloud.ibm.com",
      catalog: "https://globalcatalog.cloud.ibm.com",
      tagging: "https://tags.global-search-tagging.cloud.ibm.com",
      containers: "https://containers.cloud.ibm.com",
    });
  });

  it("takes the connection's roots first, then the driver's, with or without their version paths", () => {
    const connection = { vpc: "http://127.0.0.1:9/vpc/{region}/v1/", catalog: "http://127.0.0.1:9/api/v1" };
    const driver = {
      vpc: "https://{region}.private.iaas.cloud.ibm.com",
      iam: "https://private.iam.cloud.ibm.com/identity/token",
    };
    expect(serviceRoots("us-south", connection, driver)).toEqual({
      iam: "https://private.iam.cloud.ibm.com",
      vpc: "http://127.0.0.1:9/vpc/us-south",
      catalog: "http://127.0.0.1:9",
      tagging: "https://tags.global-search-tagging.cloud.ibm.com",
      containers: "https://containers.cloud.ibm.com",
    });
  });
});

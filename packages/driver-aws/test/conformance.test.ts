import { describeDriverConformance } from "@cloud-barista/core/testing";
import { createAwsDriver } from "../src/index.js";
import { account, awsFixture } from "./setup.js";

// EKS needs the roles the driver cannot make, and subnets in two zones.
const eks = {
  clusterRoleArn: `arn:aws:iam::${account}:role/eksClusterRole`,
  nodeRoleArn: `arn:aws:iam::${account}:role/eksNodeRole`,
};

// The full lifecycle through the runtime, driver-aws and the AWS SDK, over HTTP to the emulator's
// AWS front. Small pages (at most 7 items) make every list follow NextToken.
describeDriverConformance({
  name: "driver-aws",
  capabilities: createAwsDriver().capabilities,
  timeoutMs: 120_000,
  apis: {
    createVpc: "CreateVpc",
    createSubnet: "CreateSubnet",
    getVpc: "DescribeVpcs",
    startVm: "RunInstances",
    listSecurityGroups: "DescribeSecurityGroups",
  },
  clusterSubnets: [{ name: "cf-subnet-k", ipv4Cidr: "10.0.9.0/24", zone: "ap-northeast-2c" }],
  setupWithTransport: async (transport) => (await awsFixture({ driver: { transport, eks } })).target(),
  async setup() {
    return (await awsFixture({ front: { maxPageSize: 7 }, driver: { eks } })).target();
  },
});

import { writeFileSync } from "node:fs";
import { capabilityMatrix } from "@cloud-barista/core";
import type { CloudDriver } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { createAlibabaDriver } from "@cloud-barista/driver-alibaba";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { createAzureDriver } from "@cloud-barista/driver-azure";
import { createGcpDriver } from "@cloud-barista/driver-gcp";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { createOpenStackDriver } from "@cloud-barista/driver-openstack";
import { createTencentDriver } from "@cloud-barista/driver-tencent";

// docs/capability-matrix.md is generated from the drivers' declared capabilities, never by hand.
// A test fails when the file and the drivers disagree; `scripts/run capability-matrix` rewrites it.

export function knownDrivers(): CloudDriver[] {
  return [
    createMockDriver({ world: new World() }),
    createAwsDriver(),
    createAzureDriver(),
    createGcpDriver(),
    createOpenStackDriver(),
    createAlibabaDriver(),
    createTencentDriver(),
  ];
}

export function capabilityMatrixDocument(): string {
  return [
    "# Capabilities per driver",
    "",
    "Generated from each driver's `capabilities` (run `scripts/run capability-matrix` after changing a driver).",
    "An operation a driver lacks raises a `NotSupported` error; the conformance suite skips it.",
    "",
    capabilityMatrix(knownDrivers()),
    "Notes:",
    "",
    "- OPENSTACK has no price API: the price handler exists only when the driver is given a price table",
    "  per flavor (`createOpenStackDriver({ prices })`); prices are never invented. See docs/drivers/openstack.md.",
    "- AWS reports EC2's On-Demand vCPU quotas from the Service Quotas API, with their use counted from the",
    "  running instances (Service Quotas reports none); its other limits are known only when the cloud refuses.",
    "  See docs/drivers/aws.md.",
    "- AZURE is being built in layers: regions and zones, images, VM sizes, prices, quotas, virtual networks and",
    "  subnets, network security groups, SSH key pairs, VMs, managed disks and tags so far; my-images and load",
    "  balancers are not yet supported (see docs/drivers/azure.md).",
    "- GCP's security groups are firewall rules of the VPC's network sharing a target tag, its key pairs live in",
    "  project metadata, suspend is an instance stop, and networks, firewall rules and key pairs carry no labels.",
    "  See docs/drivers/gcp.md.",
    "- ALIBABA lists only the instance types some zone has in stock (DescribeAvailableResource), its NLB is a",
    "  classic SLB, data disks are attached after the VM starts (not named at start), and it has no orphan handler.",
    "  See docs/drivers/alibaba.md.",
    "- TENCENT's security groups are not tied to a VPC (the driver records the link in a `cb-vpc-id` tag), key",
    "  names are mapped to 25 characters of `[A-Za-z0-9_]`, a LAUNCH_FAILED instance is a terminal failure, CLB",
    "  changes are asynchronous tasks the driver awaits, and sold-out instance types are filtered from the spec list.",
    "  See docs/drivers/tencent.md.",
    "- MOCK reports quotas only with the world in-process; in remote mode (`createMockDriver({ endpoint })`) the",
    "  mock front serves the world's resource services, not its quota usage.",
    "",
  ].join("\n");
}

// Run from the repository root: rewrites the document.
if (process.argv.includes("--write")) writeFileSync("docs/capability-matrix.md", capabilityMatrixDocument());

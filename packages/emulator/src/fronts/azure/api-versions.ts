import { ArmError } from "./arm-error.js";

// The api-versions each resource type accepts: the versions the current SDK majors send and a few
// earlier stable ones still in service. ARM routes by (namespace, type, api-version) and refuses
// any other version of the type.
const network = [
  "2023-09-01",
  "2023-11-01",
  "2024-01-01",
  "2024-03-01",
  "2024-05-01",
  "2024-07-01",
  "2024-10-01",
  "2025-01-01",
  "2025-03-01",
  "2025-05-01",
  "2026-01-01",
];
const compute = ["2023-09-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-04-01", "2026-04-01"];
// Compute's disk resource provider versions itself apart from the rest of Compute.
const disks = ["2023-04-02", "2023-10-02", "2024-03-02", "2025-01-02", "2026-03-02"];
const resources = ["2021-04-01", "2022-09-01", "2024-03-01", "2024-07-01", "2024-11-01", "2025-03-01", "2025-04-01"];
// AKS: the version @azure/arm-containerservice 25.5 sends and earlier stable ones.
const containerService = ["2024-09-01", "2025-01-01", "2025-05-01", "2025-10-01", "2026-06-01"];
const subscriptions = ["2020-01-01", "2021-01-01", "2022-01-01", "2022-12-01"];

const byType: Readonly<Record<string, readonly string[]>> = {
  "microsoft.resources/subscriptions/locations": subscriptions,
  "microsoft.resources/resourcegroups": resources,
  "microsoft.resources/tags": resources,
  "microsoft.network/virtualnetworks": network,
  "microsoft.network/virtualnetworks/subnets": network,
  "microsoft.network/networksecuritygroups": network,
  "microsoft.network/networkinterfaces": network,
  "microsoft.network/publicipaddresses": network,
  "microsoft.network/loadbalancers": network,
  "microsoft.network/locations/operations": network,
  "microsoft.network/locations/operationresults": network,
  "microsoft.compute/sshpublickeys": compute,
  "microsoft.compute/virtualmachines": compute,
  "microsoft.compute/disks": disks,
  "microsoft.compute/snapshots": disks,
  "microsoft.compute/images": compute,
  "microsoft.compute/locations/publishers": compute,
  "microsoft.compute/locations/usages": compute,
  "microsoft.compute/skus": ["2017-09-01", "2019-04-01", "2021-07-01"],
  "microsoft.containerservice/managedclusters": containerService,
  "microsoft.containerservice/managedclusters/agentpools": containerService,
  "microsoft.containerservice/managedclusters/agentpools/machines": containerService,
  "microsoft.containerservice/locations/kubernetesversions": containerService,
  "microsoft.containerservice/locations/operations": containerService,
  "microsoft.containerservice/locations/operationresults": containerService,
  // A disk operation's polling URL carries the disk's api-version.
  "microsoft.compute/locations/operations": [...compute, ...disks],
  "microsoft.compute/locations/operationresults": [...compute, ...disks],
};

/** The request's api-version, refused as ARM refuses it when missing or not served for `type`. */
export function checkApiVersion(url: URL, type: string, location?: string): string {
  const version = url.searchParams.get("api-version");
  if (!version) {
    throw new ArmError(
      400,
      "MissingApiVersionParameter",
      "The api-version query parameter (?api-version=) is required for all requests.",
    );
  }
  const [namespace = "", ...rest] = type.split("/");
  const supported = byType[type.toLowerCase()] ?? [];
  if (!supported.includes(version)) {
    const where = location ? `location '${location}'` : "location ''";
    throw new ArmError(
      400,
      "NoRegisteredProviderFound",
      `No registered resource provider found for ${where} and API version '${version}' for type '${rest.join("/")}'. The supported api-versions are '${supported.join(", ")}'. The supported locations are ''.`,
      { target: namespace },
    );
  }
  return version;
}

import type { ApiTable } from "@cloud-barista/core/driver";

/**
 * Every Google API method the driver calls, named as Google's discovery documents name them
 * ("compute.networks.insert"). Reads are reads; deletes and the set* methods that state a whole
 * value are idempotent; inserts carry a `requestId` (a UUID kept across the runtime's retries of
 * one call, so Compute Engine answers a repeat with the first request's Operation) and are
 * idempotent by that token. A fingerprinted set* (setLabels, setCommonInstanceMetadata) is refused with
 * 412 once the first attempt took effect, never applied twice. `wait` on an operation only reads.
 */
export const gcpApis = {
  "compute.regions.list": "read",
  "compute.regions.get": "read",
  "compute.zones.list": "read",
  "compute.images.list": "read",
  "compute.images.get": "read",
  "compute.images.getFromFamily": "read",
  "compute.images.insert": "idempotent-by-token",
  "compute.images.delete": "idempotent",
  "compute.images.setLabels": "idempotent",
  "compute.machineTypes.list": "read",
  "compute.machineTypes.get": "read",
  "compute.projects.get": "read",
  "compute.projects.setCommonInstanceMetadata": "idempotent",
  "compute.networks.insert": "idempotent-by-token",
  "compute.networks.get": "read",
  "compute.networks.list": "read",
  "compute.networks.delete": "idempotent",
  "compute.subnetworks.insert": "idempotent-by-token",
  "compute.subnetworks.list": "read",
  "compute.subnetworks.delete": "idempotent",
  "compute.firewalls.insert": "idempotent-by-token",
  "compute.firewalls.list": "read",
  "compute.firewalls.delete": "idempotent",
  "compute.instances.insert": "idempotent-by-token",
  "compute.instances.get": "read",
  "compute.instances.list": "read",
  "compute.instances.delete": "idempotent",
  "compute.instances.start": "idempotent",
  "compute.instances.stop": "idempotent",
  "compute.instances.reset": "idempotent-by-token",
  "compute.instances.setLabels": "idempotent",
  "compute.instances.attachDisk": "idempotent-by-token",
  "compute.instances.detachDisk": "idempotent",
  "compute.disks.insert": "idempotent-by-token",
  "compute.disks.get": "read",
  "compute.disks.list": "read",
  "compute.disks.delete": "idempotent",
  "compute.disks.resize": "idempotent",
  "compute.disks.setLabels": "idempotent",
  "compute.httpHealthChecks.insert": "idempotent-by-token",
  "compute.httpHealthChecks.delete": "idempotent",
  "compute.targetPools.insert": "idempotent-by-token",
  "compute.targetPools.get": "read",
  "compute.targetPools.list": "read",
  "compute.targetPools.delete": "idempotent",
  "compute.targetPools.addInstance": "idempotent",
  "compute.targetPools.removeInstance": "idempotent",
  "compute.targetPools.getHealth": "read",
  "compute.forwardingRules.insert": "idempotent-by-token",
  "compute.forwardingRules.get": "read",
  "compute.forwardingRules.list": "read",
  "compute.forwardingRules.delete": "idempotent",
  "compute.instanceGroupManagers.listManagedInstances": "read",
  "compute.zoneOperations.wait": "read",
  "compute.regionOperations.wait": "read",
  "compute.globalOperations.wait": "read",
  // GKE. Creates have no request id: a repeat after the first took effect would answer 409.
  "container.projects.locations.getServerConfig": "read",
  "container.projects.locations.operations.get": "read",
  "container.projects.locations.clusters.create": "not-idempotent",
  "container.projects.locations.clusters.get": "read",
  "container.projects.locations.clusters.list": "read",
  "container.projects.locations.clusters.update": "idempotent",
  "container.projects.locations.clusters.delete": "idempotent",
  "container.projects.locations.clusters.nodePools.create": "not-idempotent",
  "container.projects.locations.clusters.nodePools.get": "read",
  "container.projects.locations.clusters.nodePools.delete": "idempotent",
  "container.projects.locations.clusters.nodePools.setSize": "idempotent",
  "container.projects.locations.clusters.nodePools.setAutoscaling": "idempotent",
  "container.projects.locations.clusters.nodePools.update": "idempotent",
  // The credential's OAuth access token (the JWT-bearer grant), for GKE kubeconfigs.
  "oauth2.token": "idempotent",
  // The Cloud Billing Catalog's SKUs of a service (Compute Engine: 6F81-5844-456A).
  "cloudbilling.services.skus.list": "read",
} as const satisfies ApiTable;

export type GcpApi = keyof typeof gcpApis;

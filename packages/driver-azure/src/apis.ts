import type { ApiTable } from "@cloud-barista/core/driver";

/**
 * Every Azure Resource Manager operation the driver calls, by the SDK's operation id (the REST
 * reference's "VirtualNetworks_CreateOrUpdate"); the emulator's Azure front names its calls alike.
 * PUT and DELETE are idempotent in ARM (a PUT states the whole resource), generateKeyPair is not
 * (each call makes a new key). Polls of an operation's Azure-AsyncOperation or Location URL are
 * "AsyncOperations_Get". The Retail Prices API, which has no operation ids, is "RetailPrices_List".
 */
export const azureApis = {
  Subscriptions_ListLocations: "read",
  ResourceGroups_Get: "read",
  ResourceSkus_List: "read",
  Usage_List: "read",
  VirtualMachineImages_ListSkus: "read",
  VirtualMachineImages_List: "read",
  VirtualMachineImages_Get: "read",
  RetailPrices_List: "read",
  ResourceGroups_CreateOrUpdate: "idempotent",
  AsyncOperations_Get: "read",
  Tags_GetAtScope: "read",
  // A merge or a delete of named tags: the same request leaves the same tags.
  Tags_UpdateAtScope: "idempotent",
  VirtualNetworks_CreateOrUpdate: "idempotent",
  VirtualNetworks_Get: "read",
  VirtualNetworks_List: "read",
  VirtualNetworks_Delete: "idempotent",
  Subnets_CreateOrUpdate: "idempotent",
  Subnets_Delete: "idempotent",
  NetworkSecurityGroups_CreateOrUpdate: "idempotent",
  NetworkSecurityGroups_Get: "read",
  NetworkSecurityGroups_List: "read",
  NetworkSecurityGroups_Delete: "idempotent",
  SshPublicKeys_Create: "idempotent",
  SshPublicKeys_GenerateKeyPair: "not-idempotent",
  SshPublicKeys_Get: "read",
  SshPublicKeys_ListByResourceGroup: "read",
  SshPublicKeys_Delete: "idempotent",
  PublicIPAddresses_CreateOrUpdate: "idempotent",
  PublicIPAddresses_Get: "read",
  PublicIPAddresses_Delete: "idempotent",
  NetworkInterfaces_CreateOrUpdate: "idempotent",
  NetworkInterfaces_Get: "read",
  NetworkInterfaces_Delete: "idempotent",
  VirtualMachines_CreateOrUpdate: "idempotent",
  VirtualMachines_Get: "read",
  VirtualMachines_List: "read",
  VirtualMachines_ListAll: "read",
  VirtualMachines_InstanceView: "read",
  VirtualMachines_Delete: "idempotent",
  // Power actions: repeating one after it took effect leaves the VM where the first left it.
  VirtualMachines_Start: "idempotent",
  VirtualMachines_Deallocate: "idempotent",
  VirtualMachines_Restart: "not-idempotent",
  Disks_CreateOrUpdate: "idempotent",
  Disks_Update: "idempotent",
  Disks_Get: "read",
  Disks_ListByResourceGroup: "read",
  Disks_Delete: "idempotent",
  Snapshots_CreateOrUpdate: "idempotent",
  Snapshots_Delete: "idempotent",
  Images_CreateOrUpdate: "idempotent",
  Images_Get: "read",
  Images_ListByResourceGroup: "read",
  Images_Delete: "idempotent",
  LoadBalancers_CreateOrUpdate: "idempotent",
  LoadBalancers_Get: "read",
  LoadBalancers_List: "read",
  LoadBalancers_Delete: "idempotent",
  // A POST that starts a health query and changes nothing: asking again is harmless.
  LoadBalancerLoadBalancingRules_Health: "idempotent",
  // AKS. A PUT states the whole cluster or pool; listClusterUserCredential is a POST that only reads.
  ManagedClusters_ListKubernetesVersions: "read",
  ManagedClusters_CreateOrUpdate: "idempotent",
  ManagedClusters_Get: "read",
  ManagedClusters_ListByResourceGroup: "read",
  ManagedClusters_Delete: "idempotent",
  ManagedClusters_ListClusterUserCredentials: "read",
  AgentPools_CreateOrUpdate: "idempotent",
  AgentPools_Get: "read",
  AgentPools_Delete: "idempotent",
  Machines_List: "read",
} as const satisfies ApiTable;

export type AzureApi = keyof typeof azureApis;

/**
 * The kinds of resources the world keeps in tables (routers and public IPs live beside them), named
 * as the clouds name them: a VPC is a "network", a VM an "instance", a disk a "volume", a private
 * machine image an "image", a network load balancer a "load-balancer".
 */
export const resourceKinds = [
  "network",
  "subnet",
  "security-group",
  "key-pair",
  "instance",
  "volume",
  "image",
  "load-balancer",
] as const;

/** One of `resourceKinds`: what a resource is, in the clouds' words. */
export type ResourceKind = (typeof resourceKinds)[number];

import type { Spec } from "../../world/resources/catalog-service.js";
import type { VpcCall } from "./context.js";
import { json, notFound } from "./http.js";
import { adjustableUnattached } from "./volumes.js";
import type { Json } from "./http.js";
import { page } from "./paging.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";

/** IBM's profile families by name prefix (bx2 is "balanced", cx2 "compute", ...). */
const families: Readonly<Record<string, string>> = {
  b: "balanced",
  c: "compute",
  m: "memory",
  g: "gpu",
  u: "ultra-high-memory",
  v: "very-high-memory",
};

export const ibmArchitecture = (architecture: string): string => (architecture === "arm64" ? "s390x" : "amd64");

function profileView(call: VpcCall, spec: Spec): Json {
  const gpu = spec.gpu;
  return {
    name: spec.name,
    href: `${call.base}/instance/profiles/${spec.name}`,
    family: families[spec.name.charAt(0)] ?? "balanced",
    resource_type: "instance_profile",
    status: "current",
    vcpu_architecture: { type: "fixed", value: ibmArchitecture(spec.architecture) },
    vcpu_count: { type: "fixed", value: spec.vcpus },
    vcpu_manufacturer: { type: "fixed", value: "intel" },
    memory: { type: "fixed", value: Math.round(spec.memoryMiB / 1024) },
    os_architecture: {
      type: "enum",
      default: ibmArchitecture(spec.architecture),
      values: [ibmArchitecture(spec.architecture)],
    },
    bandwidth: { type: "fixed", value: spec.vcpus * 2000 },
    disks: spec.localDiskGB
      ? [
          {
            quantity: { type: "fixed", value: 1 },
            size: { type: "fixed", value: spec.localDiskGB },
            supported_interface_types: { type: "enum", default: "virtio_blk", values: ["virtio_blk"] },
          },
        ]
      : [],
    ...(gpu
      ? {
          gpu_count: { type: "fixed", value: gpu.count },
          gpu_manufacturer: { type: "enum", values: [gpu.manufacturer.toLowerCase()] },
          gpu_memory: { type: "fixed", value: gpu.memoryGB * gpu.count },
          gpu_model: { type: "enum", values: [gpu.model] },
        }
      : {}),
  };
}

export const profileRoutes: Route[] = [
  {
    method: "GET",
    path: path("/instance/profiles"),
    api: "list_instance_profiles",
    handle: async (call) => {
      const specs = await call.call((cloud) => cloud.catalog.listSpecs().items);
      // IBM lists every profile in one page.
      return json(200, { profiles: specs.map((spec) => profileView(call, spec)) });
    },
  },
  {
    method: "GET",
    path: path("/instance/profiles/{}"),
    api: "get_instance_profile",
    handle: async (call) => {
      const name = call.params[0] ?? "";
      const spec = await call.call((cloud) => cloud.catalog.listSpecs().items.find((s) => s.name === name));
      if (!spec) throw notFound("not_found", `Instance profile ${name} not found.`, name);
      return json(200, profileView(call, spec));
    },
  },
  {
    method: "GET",
    path: path("/volume/profiles"),
    api: "list_volume_profiles",
    handle: async (call) => {
      const types = await call.call((cloud) => cloud.catalog.diskTypes());
      const profiles = types.map((t) => ({
        name: t.name,
        href: `${call.base}/volume/profiles/${t.name}`,
        family: t.name === "sdp" ? "defined_performance" : "tiered",
        capacity: { type: "range", min: t.minGB, max: t.maxGB, step: 1, default: t.defaultGB },
        adjustable_capacity_states: {
          type: "enum",
          values: adjustableUnattached(t.name) ? ["attached", "unattached"] : ["attached"],
        },
      }));
      return json(200, page(call.url, "profiles", profiles, call.front.settings.maxPageSize));
    },
  },
];

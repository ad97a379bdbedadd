import { randomBytes } from "node:crypto";
import type { AccountRegion } from "../../world/account-region.js";
import type { NetworkInterface, Vm, VmState } from "../../world/types.js";
import type { VpcCall } from "./context.js";
import { crnOf, derivedId, iso, nameOr, resourceGroupRef, zoneRef } from "./context.js";
import { isWorldError } from "../../world/errors.js";
import {
  arrayOf,
  badRequest,
  booleanOf,
  checkName,
  conflict,
  enumOf,
  json,
  noContent,
  notFound,
  numberOf,
  objectOf,
  refId,
  requiredField,
  stringOf,
} from "./http.js";
import type { Json } from "./http.js";
import { floatingIpRef, floatingIpsOf } from "./floating-ips.js";
import { requireKey } from "./keys.js";
import { requireSubnet, vpcExtras, vpcRef } from "./network.js";
import { page } from "./paging.js";
import { ibmArchitecture } from "./profiles.js";
import { path } from "./routes.js";
import type { Route } from "./routes.js";
import { groupRef, requireGroup } from "./security-groups.js";
import { attachmentView } from "./volumes.js";
import { instanceRef, interfaceRef, primaryInterface, requireInstance } from "./instance-refs.js";

/** IBM instance status of each world VM state. */
const statuses: Readonly<Record<VmState, string>> = {
  pending: "pending",
  running: "running",
  stopping: "stopping",
  stopped: "stopped",
  starting: "starting",
  rebooting: "restarting",
  "shutting-down": "deleting",
  terminated: "deleting",
  error: "failed",
};

/** IBM's status: a new instance is pending, then starting for the second half of its boot. */
function statusOf(call: VpcCall, vm: Vm): string {
  const booting = vm.state === "pending" && call.now() - vm.stateSince >= call.front.world.timing.vmBootMs / 2;
  return booting ? "starting" : statuses[vm.state];
}

/** IBM's largest boot volume. */
const maxBootGB = 250;

function interfaceView(call: VpcCall, vm: Vm, nic: NetworkInterface): Json {
  return {
    ...interfaceRef(call, vm, nic),
    allow_ip_spoofing: false,
    created_at: iso(nic.createdAt),
    floating_ips: floatingIpsOf(call, nic.id).map((f) => floatingIpRef(call, f.id, f.address, f.extras)),
    mac_address: nic.macAddress,
    port_speed: 1000,
    security_groups: nic.securityGroups.map((g) => groupRef(call, g)),
    status: vm.state === "pending" ? "pending" : "available",
    type: "primary",
  };
}

function instanceView(call: VpcCall, cloud: AccountRegion, vm: Vm): Json {
  const status = statusOf(call, vm);
  const nic = primaryInterface(cloud, vm.id);
  const attached = cloud.disks.list({ where: (d) => d.attachment?.vm.id === vm.id }).items;
  const bootId = call.front.state.bootVolumes.get(vm.id);
  const boot = attached.find((d) => d.id === bootId);
  const gpu = cloud.catalog.listSpecs().items.find((s) => s.name === vm.specName)?.gpu;
  return {
    ...instanceRef(call, vm),
    status,
    status_reasons:
      vm.state === "error" ? [{ code: "cannot_start_capacity", message: "The instance failed to provision." }] : [],
    lifecycle_state:
      vm.state === "pending"
        ? "pending"
        : status === "deleting"
          ? "deleting"
          : status === "failed"
            ? "failed"
            : "stable",
    lifecycle_reasons: [],
    created_at: iso(vm.createdAt),
    profile: {
      name: vm.specName,
      href: `${call.base}/instance/profiles/${vm.specName}`,
      resource_type: "instance_profile",
    },
    vcpu: { architecture: ibmArchitecture(vm.architecture), count: vm.vcpus, manufacturer: "intel" },
    memory: Math.round(vm.memoryMiB / 1024),
    bandwidth: vm.vcpus * 2000,
    ...(gpu
      ? {
          gpu: {
            count: gpu.count,
            manufacturer: gpu.manufacturer.toLowerCase(),
            memory: gpu.memoryGB,
            model: gpu.model,
          },
        }
      : {}),
    zone: zoneRef(call, vm.zone),
    vpc: vpcRef(call, vm.vpc),
    image: {
      id: vm.image.id,
      crn: crnOf(call.account, call.region.name, "image", vm.image.id),
      href: `${call.base}/images/${vm.image.id}`,
      name: vm.image.name,
    },
    ...(boot ? { boot_volume_attachment: attachmentView(call, boot, true) } : {}),
    volume_attachments: attached.map((d) => attachmentView(call, d, d.id === bootId)),
    ...(nic
      ? { primary_network_interface: interfaceRef(call, vm, nic), network_interfaces: [interfaceRef(call, vm, nic)] }
      : { network_interfaces: [] }),
    disks: [],
    startable: vm.state === "stopped",
    availability_policy: { host_failure: "restart" },
    metadata_service: { enabled: false, protocol: "http", response_hop_limit: 1 },
    resource_group: resourceGroupRef(call, call.front.state.resourceGroups.get(vm.id)),
  };
}

export const instanceRoutes: Route[] = [
  {
    method: "GET",
    path: path("/instances"),
    api: "list_instances",
    handle: async (call) => {
      const vpcFilter = call.query.get("vpc.id");
      const name = call.query.get("name");
      const views = await call.call((cloud) =>
        cloud.vms
          .list({
            where: (v) =>
              v.state !== "terminated" &&
              (vpcFilter === null || v.vpc.id === vpcFilter) &&
              (name === null || v.name === name),
          })
          .items.map((v) => instanceView(call, cloud, v)),
      );
      return json(200, page(call.url, "instances", views, call.front.settings.maxPageSize));
    },
  },
  {
    method: "GET",
    path: path("/instances/{}"),
    api: "get_instance",
    handle: async (call) =>
      json(200, await call.call((cloud) => instanceView(call, cloud, requireInstance(cloud, call.params[0] ?? "")))),
  },
  {
    method: "POST",
    path: path("/instances"),
    api: "create_instance",
    handle: async (call) => {
      const body = call.body();
      const given = stringOf(body, "name");
      const name = nameOr(given === undefined ? undefined : checkName(given), "instance");
      const profile = stringOf(objectOf(body, "profile", true), "name", true);
      const zone = stringOf(objectOf(body, "zone", true), "name", true);
      const imageId = refId(body, "image");
      if (imageId === undefined) {
        if (body["source_template"] !== undefined || body["boot_volume_attachment"] !== undefined)
          throw badRequest(
            "bad_request",
            "Instances from templates, snapshots or existing volumes are not served by the emulator; give image.",
          );
        throw requiredField("image");
      }
      if (body["primary_network_attachment"] !== undefined)
        throw badRequest(
          "bad_request",
          "primary_network_attachment is not served by the emulator; give primary_network_interface.",
          {
            name: "primary_network_attachment",
            type: "field",
          },
        );
      const nic = objectOf(body, "primary_network_interface", true);
      const subnetId = refId(nic, "subnet", true);
      const groupIds = (arrayOf(nic, "security_groups") ?? []).map((g) => stringOf(g, "id", true));
      const keyIds = (arrayOf(body, "keys") ?? []).map((k) => stringOf(k, "id", true));
      const vpcId = refId(body, "vpc");
      const bootAttachment = objectOf(body, "boot_volume_attachment");
      const bootVolume = bootAttachment ? objectOf(bootAttachment, "volume", true) : undefined;
      const bootProfile = bootVolume
        ? stringOf(objectOf(bootVolume, "profile", true), "name", true)
        : "general-purpose";
      const bootCapacity = bootVolume ? numberOf(bootVolume, "capacity") : undefined;
      const bootName = bootVolume ? stringOf(bootVolume, "name") : undefined;
      const deleteBoot = bootAttachment
        ? (booleanOf(bootAttachment, "delete_volume_on_instance_delete") ?? true)
        : true;
      // Checked only: the world runs no cloud-init.
      stringOf(body, "user_data");
      const resourceGroup = refId(body, "resource_group");
      const view = await call.call((cloud, gate) => {
        const spec = cloud.catalog.listSpecs().items.find((s) => s.name === profile);
        if (!spec)
          throw badRequest("bad_request", `Instance profile ${profile} is not offered in ${call.region.name}.`, {
            name: "profile.name",
            type: "field",
            value: profile,
          });
        if (!call.region.zones.some((z) => z.name === zone))
          throw badRequest("bad_request", `Zone ${zone} is not a zone of ${call.region.name}.`, {
            name: "zone.name",
            type: "field",
            value: zone,
          });
        const stock = cloud.catalog.listImages({ where: (i) => i.id === imageId }).items[0];
        const mine = stock ? undefined : cloud.myImages.list({ where: (i) => i.id === imageId }).items[0];
        if (!stock && !mine) throw notFound("not_found", `Image ${imageId} not found.`, imageId);
        if (mine && mine.state !== "available") throw conflict("invalid_state", `Image ${imageId} is not available.`);
        const minimum = stock?.diskSizeGB ?? mine?.diskSizeGB ?? 100;
        const windows = (stock?.osPlatform ?? mine?.platform) === "windows";
        const subnet = requireSubnet(cloud, subnetId);
        if (subnet.zone !== zone) throw badRequest("zone_inconsistency", "The resources must belong to the same zone.");
        if (vpcId !== undefined && vpcId !== subnet.vpcId)
          throw badRequest("vpc_resource_separation", "The resources are in different VPCs.");
        const keys = keyIds.map((id) => requireKey(cloud, id));
        if (windows && !keys.some((k) => k.keyType === "rsa"))
          throw badRequest("bad_request", "Windows images need an rsa key to encrypt the administrator password.", {
            name: "keys",
            type: "field",
          });
        const groups = groupIds.length > 0 ? groupIds : [vpcExtras(call, subnet.vpcId).defaultSecurityGroupId];
        for (const id of groups) {
          if (requireGroup(cloud, id).vpc.id !== subnet.vpcId)
            throw badRequest("security_group_not_in_vpc", "The interface and security group are in different VPCs.");
        }
        const capacity = bootCapacity ?? Math.max(100, minimum);
        if (capacity < minimum || capacity > maxBootGB)
          throw badRequest("validation_max_value", `Boot volumes are ${minimum} to ${maxBootGB} GB.`, {
            name: "boot_volume_attachment.volume.capacity",
            type: "field",
            value: String(capacity),
          });
        const types = cloud.catalog.diskTypes();
        enumOf(
          bootProfile,
          types.map((t) => t.name),
          "boot_volume_attachment.volume.profile.name",
        );
        const volume = cloud.disks.create({
          name:
            bootName === undefined
              ? `${name.slice(0, 52)}-boot-${randomBytes(3).toString("hex").slice(0, 5)}`
              : checkName(bootName),
          zone,
          type: bootProfile,
          sizeGB: capacity,
          sourceImageId: imageId,
        });
        let vm: Vm;
        try {
          vm = cloud.vms.run(
            {
              name,
              imageId,
              specName: profile,
              subnetId,
              securityGroupIds: groups,
              ...(keys[0] ? { keyPairId: keys[0].id } : {}),
              zone,
              bootVolume: { id: volume.id, deleteOnTermination: deleteBoot },
              assignPublicIp: false,
            },
            gate,
          );
        } catch (error) {
          cloud.disks.delete(volume.id);
          throw error;
        }
        call.front.state.bootVolumes.set(vm.id, volume.id);
        call.front.state.instanceKeys.set(vm.id, keyIds);
        if (resourceGroup !== undefined) {
          call.front.state.resourceGroups.set(vm.id, resourceGroup);
          call.front.state.resourceGroups.set(volume.id, resourceGroup);
        }
        return instanceView(call, cloud, vm);
      });
      return json(201, view);
    },
  },
  {
    method: "DELETE",
    path: path("/instances/{}"),
    api: "delete_instance",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      await call.call((cloud) => {
        const vm = requireInstance(cloud, id);
        if (vm.state === "shutting-down") return;
        if (!["running", "stopped", "error"].includes(vm.state))
          throw conflict(
            "instance_delete_conflict",
            `The instance cannot be deleted in the current status: ${statusOf(call, vm)}.`,
          );
        const withIt = cloud.disks
          .list({ where: (d) => d.attachment?.vm.id === id && call.front.state.deleteWithInstance.has(d.id) })
          .items.map((d) => d.id);
        cloud.vms.terminate(id);
        for (const volumeId of withIt) {
          cloud.disks.beginDelete(volumeId);
          call.front.state.deleteWithInstance.delete(volumeId);
        }
      });
      return noContent(204);
    },
  },
  {
    method: "POST",
    path: path("/instances/{}/actions"),
    api: "create_instance_action",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const body = call.body();
      const type = enumOf(stringOf(body, "type", true), ["start", "stop", "reboot"], "type");
      const force = booleanOf(body, "force") ?? false;
      await call.call((cloud) => {
        requireInstance(cloud, id);
        try {
          if (type === "start") cloud.vms.start(id);
          else if (type === "stop") cloud.vms.stop(id);
          else cloud.vms.reboot(id);
        } catch (error) {
          if (!isWorldError(error, "IncorrectState")) throw error;
          throw conflict(
            "invalid_state",
            `An action was requested on a resource which is not supported at the current status of the resource: ${error.message}`,
          );
        }
      });
      const actionId = derivedId(call.region, "action", id, type, String(call.now()));
      return json(201, {
        id: actionId,
        href: `${call.base}/instances/${id}/actions/${actionId}`,
        type,
        force,
        status: "pending",
        created_at: iso(call.now()),
      });
    },
  },
  {
    method: "GET",
    path: path("/instances/{}/network_interfaces"),
    api: "list_instance_network_interfaces",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const views = await call.call((cloud) => {
        const vm = requireInstance(cloud, id);
        const nic = primaryInterface(cloud, id);
        return nic ? [interfaceView(call, vm, nic)] : [];
      });
      return json(200, { network_interfaces: views });
    },
  },
  {
    method: "GET",
    path: path("/instances/{}/network_interfaces/{}"),
    api: "get_instance_network_interface",
    handle: async (call) => {
      const [id = "", nicId = ""] = call.params;
      const view = await call.call((cloud) => {
        const vm = requireInstance(cloud, id);
        const nic = primaryInterface(cloud, id);
        if (!nic || nic.id !== nicId) throw notFound("not_found", `Network interface ${nicId} not found.`, nicId);
        return interfaceView(call, vm, nic);
      });
      return json(200, view);
    },
  },
  {
    method: "GET",
    path: path("/instances/{}/initialization"),
    api: "get_instance_initialization",
    handle: async (call) => {
      const id = call.params[0] ?? "";
      const keys = await call.call((cloud) => {
        requireInstance(cloud, id);
        return (call.front.state.instanceKeys.get(id) ?? []).flatMap(
          (k) => cloud.keyPairs.list({ where: (p) => p.id === k }).items,
        );
      });
      return json(200, {
        keys: keys.map((k) => ({
          id: k.id,
          crn: crnOf(call.account, call.region.name, "key", k.id),
          href: `${call.base}/keys/${k.id}`,
          name: k.name,
        })),
      });
    },
  },
];

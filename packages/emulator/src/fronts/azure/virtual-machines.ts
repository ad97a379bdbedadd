import type { FrontResponse } from "../http-front.js";
import type { AccountRegion } from "../../world/account-region.js";
import type { ResourceGroup } from "../../world/resource-groups.js";
import type { Tags, Vm, VmState } from "../../world/types.js";
import { checkAdminUsername } from "./admin-user.js";
import { ArmError, badRequest, resourceNotFound } from "./arm-error.js";
import { bodyOf, checkLocation, gate, json, pageAcrossRegions } from "./context.js";
import type { ArmContext } from "./context.js";
import { keyOf } from "./front-state.js";
import type { VmEntry } from "./front-state.js";
import { liveNic, livePublicIp } from "./live-entries.js";
import { isReserved, nicReservationMs, reservedError, vmOfNic } from "./network-interfaces.js";
import { startOperation } from "./operations.js";
import { releasePublicIp } from "./public-ip-addresses.js";
import { guidOf, inGroup, resourceId } from "./resource-ids.js";

export const vmType = "Microsoft.Compute/virtualMachines";

interface VmBody {
  location?: unknown;
  tags?: Tags;
  zones?: unknown;
  properties?: {
    hardwareProfile?: { vmSize?: unknown };
    storageProfile?: {
      imageReference?: { publisher?: unknown; offer?: unknown; sku?: unknown; version?: unknown; id?: unknown };
      osDisk?: {
        name?: unknown;
        createOption?: unknown;
        caching?: unknown;
        diskSizeGB?: unknown;
        deleteOption?: unknown;
        managedDisk?: { storageAccountType?: unknown };
      };
      dataDisks?: unknown[];
    };
    osProfile?: {
      computerName?: unknown;
      adminUsername?: unknown;
      adminPassword?: unknown;
      linuxConfiguration?: {
        disablePasswordAuthentication?: unknown;
        ssh?: { publicKeys?: { path?: unknown; keyData?: unknown }[] };
      };
    };
    networkProfile?: {
      networkInterfaces?: { id?: unknown; properties?: { primary?: unknown; deleteOption?: unknown } }[];
    };
  };
}

const cloudOf = (ctx: ArmContext, region: string) =>
  ctx.world.accountRegion({ provider: "AZURE", account: ctx.account, region });

function regionOf(ctx: ArmContext, id: string): string | undefined {
  return ctx.world.locate({ provider: "AZURE", account: ctx.account }, id)?.region;
}

/** The VM of an id, unless it is gone (terminated VMs are not shown). */
function liveVm(cloud: AccountRegion, id: string): Vm | undefined {
  const vm = cloud.vms.list({ where: (v) => v.id === id }).items[0];
  return vm && vm.state !== "terminated" ? vm : undefined;
}

function provisioningStateOf(state: VmState): string {
  switch (state) {
    case "pending":
      return "Creating";
    case "error":
      return "Failed";
    case "shutting-down":
      return "Deleting";
    case "stopping":
    case "starting":
    case "rebooting":
      return "Updating";
    default:
      return "Succeeded";
  }
}

function powerStateOf(state: VmState, entry: VmEntry | undefined): string | undefined {
  const off = entry?.stoppedBy === "powerOff";
  switch (state) {
    // A restart shows the VM starting again (with provisioning Updating) until it runs.
    case "pending":
    case "starting":
    case "rebooting":
      return "starting";
    case "running":
      return "running";
    case "stopping":
      return off ? "stopping" : "deallocating";
    case "stopped":
      return off ? "stopped" : "deallocated";
    case "shutting-down":
      return "deallocating";
    default:
      return undefined;
  }
}

const display: Readonly<Record<string, string>> = {
  starting: "VM starting",
  running: "VM running",
  stopping: "VM stopping",
  stopped: "VM stopped",
  deallocating: "VM deallocating",
  deallocated: "VM deallocated",
};

export function instanceView(vm: Vm, entry: VmEntry | undefined) {
  const provisioning = provisioningStateOf(vm.state);
  const failed = vm.state === "error";
  const power = powerStateOf(vm.state, entry);
  const time = new Date(vm.stateSince).toISOString();
  return {
    computerName: entry?.computerName ?? vm.name,
    osName: vm.osDistribution,
    disks: entry ? [{ name: entry.osDisk.name, statuses: [] }] : [],
    statuses: [
      failed
        ? {
            code: `ProvisioningState/failed/${entry?.failure?.code ?? "InternalError"}`,
            level: "Error",
            displayStatus: "Provisioning failed",
            message: entry?.failure?.message ?? "The VM failed to build.",
            time,
          }
        : {
            code: `ProvisioningState/${provisioning.toLowerCase()}`,
            level: "Info",
            displayStatus: `Provisioning ${provisioning === "Succeeded" ? "succeeded" : provisioning.toLowerCase()}`,
            time,
          },
      ...(entry?.generalized ? [{ code: "OSState/generalized", level: "Info", displayStatus: "VM generalized" }] : []),
      ...(power ? [{ code: `PowerState/${power}`, level: "Info", displayStatus: display[power] ?? power }] : []),
    ],
  };
}

function render(ctx: ArmContext, vm: Vm, region: string, withView: boolean) {
  const entry = ctx.state.vms.get(keyOf(vm.id));
  const image = entry?.imageReference ?? { publisher: "", offer: "", sku: "", version: "latest" };
  return {
    id: vm.id,
    name: vm.name,
    type: vmType,
    location: region,
    tags: vm.tags,
    ...(entry && entry.zones.length > 0 ? { zones: entry.zones } : {}),
    properties: {
      vmId: guidOf(vm.id, vm.createdAt),
      hardwareProfile: { vmSize: vm.specName },
      storageProfile: {
        imageReference:
          "id" in image
            ? { id: image.id }
            : { ...image, exactVersion: image.version === "latest" ? "1.0.0" : image.version },
        osDisk: {
          osType: vm.platform === "windows" ? "Windows" : "Linux",
          name: entry?.osDisk.name ?? "",
          createOption: "FromImage",
          caching: entry?.osDisk.caching ?? "ReadWrite",
          managedDisk: { id: entry?.osDisk.id ?? "", storageAccountType: vm.rootDisk.type },
          diskSizeGB: vm.rootDisk.sizeGB,
          deleteOption: entry?.osDisk.deleteOption ?? "Detach",
        },
        dataDisks: vm.dataDisks.map((d) => ({
          lun: entry?.luns.get(keyOf(d.id)) ?? 0,
          name: d.name,
          createOption: "Attach",
          caching: "None",
          managedDisk: { id: d.id },
          deleteOption: "Detach",
        })),
      },
      osProfile: {
        computerName: entry?.computerName ?? vm.name,
        adminUsername: vm.loginUser,
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: entry?.publicKeys ?? [] },
          provisionVMAgent: true,
        },
        secrets: [],
        allowExtensionOperations: true,
      },
      networkProfile: {
        networkInterfaces: (entry?.nics ?? []).map((n) => ({
          id: n.id,
          properties: { primary: n.primary, deleteOption: n.deleteOption },
        })),
      },
      provisioningState: provisioningStateOf(vm.state),
      timeCreated: new Date(vm.createdAt).toISOString(),
      ...(withView ? { instanceView: instanceView(vm, entry) } : {}),
    },
  };
}

const option = (value: unknown, field: string): "Delete" | "Detach" => {
  const v = value ?? "Detach";
  if (v !== "Delete" && v !== "Detach")
    throw badRequest("InvalidParameter", `The value ${JSON.stringify(v)} of deleteOption is not valid.`, field);
  return v;
};

type ImageRef = NonNullable<NonNullable<NonNullable<VmBody["properties"]>["storageProfile"]>["imageReference"]>;

/**
 * The image a VM PUT names: a marketplace image by publisher, offer and sku, or a managed image
 * (Microsoft.Compute/images) of the subscription by id, which must be in the VM's region and made.
 */
function imageOf(cloud: AccountRegion, ref: ImageRef | undefined) {
  if (ref !== undefined && typeof ref.id === "string") {
    const id = ref.id;
    const mine = cloud.myImages.list({ where: (i) => keyOf(i.id) === keyOf(id) }).items[0];
    if (!mine) {
      throw badRequest(
        "InvalidParameter",
        `The Image '${id}' cannot be found in '${cloud.region}' region.`,
        "imageReference.id",
      );
    }
    if (mine.state !== "available") {
      throw new ArmError(409, "OperationNotAllowed", `The image '${id}' is not ready yet (provisioning).`);
    }
    return { image: { id: mine.id, diskSizeGB: mine.diskSizeGB }, imageReference: { id: mine.id } };
  }
  if (!ref || typeof ref.publisher !== "string" || typeof ref.offer !== "string" || typeof ref.sku !== "string") {
    throw badRequest("InvalidParameter", "The value of parameter imageReference is invalid.", "imageReference");
  }
  const version = typeof ref.version === "string" && ref.version !== "" ? ref.version : "latest";
  const urn = `${ref.publisher}:${ref.offer}:${ref.sku}`.toLowerCase();
  const image = cloud.catalog
    .listImages()
    .items.find((i) => i.id.split(":").slice(0, 3).join(":").toLowerCase() === urn);
  if (!image) {
    throw new ArmError(
      404,
      "PlatformImageNotFound",
      `The platform image '${ref.publisher}:${ref.offer}:${ref.sku}:${version}' is not available. Verify that all fields in the storage profile are correct. For more details about storage profile information, please refer to https://aka.ms/storageprofile`,
      { target: "imageReference" },
    );
  }
  return {
    image: { id: image.id, diskSizeGB: image.diskSizeGB },
    imageReference: { publisher: ref.publisher, offer: ref.offer, sku: ref.sku, version },
  };
}

/** The VM PUT's parts the front checks before it asks the world, refused as Compute refuses them. */
function checkCreate(ctx: ArmContext, body: VmBody, cloud: AccountRegion, name: string, group: ResourceGroup) {
  const p = body.properties ?? {};
  const size = p.hardwareProfile?.vmSize;
  if (typeof size !== "string" || size === "")
    throw badRequest("InvalidParameter", "Required parameter 'hardwareProfile.vmSize' is missing (null).", "vmSize");
  if (!cloud.catalog.listSpecs().items.some((s) => s.name.toLowerCase() === size.toLowerCase())) {
    throw new ArmError(
      409,
      "SkuNotAvailable",
      `The requested VM size for resource 'Following SKUs have failed for Capacity Restrictions: ${size}' is currently not available in location '${cloud.region}'. Please try another size or deploy to a different location or different zones. See https://aka.ms/azureskunotavailable for details.`,
    );
  }
  const { image, imageReference } = imageOf(cloud, p.storageProfile?.imageReference);
  const os = p.osProfile ?? {};
  const adminUsername = checkAdminUsername(os.adminUsername);
  const linux = os.linuxConfiguration ?? {};
  const publicKeys = (linux.ssh?.publicKeys ?? []).map((k, i) => {
    if (typeof k.keyData !== "string" || !/^(ssh-rsa|ssh-ed25519) [A-Za-z0-9+/=]+/.test(k.keyData.trim())) {
      throw badRequest(
        "InvalidParameter",
        "The value of parameter linuxConfiguration.ssh.publicKeys.keyData is invalid.",
        `linuxConfiguration.ssh.publicKeys[${i}].keyData`,
      );
    }
    const path = typeof k.path === "string" ? k.path : `/home/${adminUsername}/.ssh/authorized_keys`;
    if (path !== `/home/${adminUsername}/.ssh/authorized_keys`) {
      throw badRequest(
        "InvalidParameter",
        `Destination path for SSH public keys is currently limited to its default value /home/${adminUsername}/.ssh/authorized_keys due to a known issue in Linux provisioning agent.`,
        "linuxConfiguration.ssh.publicKeys.path",
      );
    }
    return { path, keyData: k.keyData };
  });
  const noPassword = linux.disablePasswordAuthentication === true;
  if (noPassword && publicKeys.length === 0) {
    throw badRequest(
      "InvalidParameter",
      "Authentication using either SSH or by user name and password must be enabled in Linux profile.",
      "linuxConfiguration",
    );
  }
  if (!noPassword && typeof os.adminPassword !== "string") {
    throw badRequest("InvalidParameter", "Required parameter 'adminPassword' is missing (null).", "adminPassword");
  }
  const refs = p.networkProfile?.networkInterfaces ?? [];
  if (refs.length === 0) {
    throw badRequest(
      "InvalidParameter",
      "Virtual Machine must have at least one network interface.",
      "networkProfile.networkInterfaces",
    );
  }
  const nics = refs.map((r, i) => {
    const field = `networkProfile.networkInterfaces[${i}]`;
    if (typeof r.id !== "string") throw badRequest("InvalidParameter", `${field}.id is required.`, field);
    const entry = liveNic(ctx, r.id);
    if (!entry || entry.region !== cloud.region) {
      throw new ArmError(404, "NotFound", `Resource ${r.id} not found.`, { target: field });
    }
    const user = vmOfNic(ctx, entry);
    if (user !== undefined) {
      throw badRequest(
        "NicInUse",
        `Network Interface ${entry.id} is used by existing resource ${user}. In order to use the network interface, it must be dissociated from the resource.`,
      );
    }
    if (isReserved(ctx, entry)) throw reservedError(entry);
    return {
      entry,
      deleteOption: option(r.properties?.deleteOption, `${field}.properties.deleteOption`),
      primary: refs.length === 1 || r.properties?.primary === true,
    };
  });
  if (nics.filter((n) => n.primary).length !== 1) {
    throw badRequest(
      "VirtualMachineMustHaveOnePrimaryNetworkInterface",
      "Virtual machine must have one primary network interface when it has more than one.",
    );
  }
  nics.sort((a, b) => Number(b.primary) - Number(a.primary));
  const zones = Array.isArray(body.zones) ? body.zones.map(String) : [];
  if (zones.length > 1) throw badRequest("InvalidParameter", "A virtual machine can be in one zone only.", "zones");
  const zone = zones[0];
  if (zone !== undefined && !cloud.catalog.getRegion(cloud.region).zones.some((z) => z.name === zone)) {
    throw badRequest(
      "InvalidParameter",
      `The zone(s) '${zone}' for resource 'Microsoft.Compute/virtualMachines/${name}' is not supported.`,
      "zones",
    );
  }
  const disk = p.storageProfile?.osDisk ?? {};
  if (disk.createOption !== undefined && disk.createOption !== "FromImage") {
    throw badRequest("UnsupportedByEmulator", "The emulator makes OS disks from images only.", "osDisk.createOption");
  }
  const sizeGB = disk.diskSizeGB === undefined ? image.diskSizeGB : Number(disk.diskSizeGB);
  if (!Number.isInteger(sizeGB) || sizeGB < image.diskSizeGB) {
    throw badRequest(
      "ResizeDiskError",
      `Disk size ${String(disk.diskSizeGB)} GB is smaller than the size of the corresponding disk in the VM image: ${image.diskSizeGB} GB. This is not allowed. Please choose equal or greater size or do not specify an explicit size.`,
      "osDisk.diskSizeGB",
    );
  }
  const diskType =
    typeof disk.managedDisk?.storageAccountType === "string" ? disk.managedDisk.storageAccountType : undefined;
  const diskName =
    typeof disk.name === "string" && disk.name !== ""
      ? disk.name
      : `${name}_OsDisk_1_${guidOf(`${group.name}/${name}`, ctx.world.clock.now()).replace(/-/g, "")}`;
  return {
    size: cloud.catalog.listSpecs().items.find((s) => s.name.toLowerCase() === size.toLowerCase())?.name ?? size,
    image,
    imageReference,
    adminUsername,
    computerName: typeof os.computerName === "string" && os.computerName !== "" ? os.computerName : name,
    publicKeys,
    nics,
    zones,
    zone,
    osDisk: {
      name: diskName,
      type: diskType,
      sizeGB,
      deleteOption: option(disk.deleteOption, "osDisk.deleteOption"),
      caching: typeof disk.caching === "string" ? disk.caching : "ReadWrite",
    },
  };
}

/**
 * Attaches the disks a VM update lists that the VM lacks and detaches those it no longer lists
 * (Compute's way: the whole dataDisks list in a PUT). Returns whether anything changed.
 */
function updateDataDisks(ctx: ArmContext, cloud: AccountRegion, vmId: string, wanted: unknown[]): boolean {
  const entry = ctx.state.vms.get(keyOf(vmId));
  const current = cloud.vms.get(vmId).dataDisks;
  const asked = wanted.map((raw, i) => {
    const d = (raw ?? {}) as { lun?: unknown; createOption?: unknown; managedDisk?: { id?: unknown } };
    const field = `storageProfile.dataDisks[${i}]`;
    if (typeof d.lun !== "number" || !Number.isInteger(d.lun) || d.lun < 0 || d.lun > 63) {
      throw badRequest("InvalidParameter", `The value of parameter ${field}.lun is invalid.`, `${field}.lun`);
    }
    const diskId = d.managedDisk?.id;
    if (typeof diskId !== "string") {
      throw badRequest("InvalidParameter", `Required parameter '${field}.managedDisk.id' is missing (null).`, field);
    }
    return { lun: d.lun, id: diskId, attach: d.createOption === "Attach" };
  });
  const luns = asked.map((a) => a.lun);
  const clash = luns.find((lun, i) => luns.indexOf(lun) !== i);
  if (clash !== undefined) {
    throw badRequest("InvalidParameter", `Multiple data disks have the same LUN ${clash}.`, "dataDisks");
  }
  let changed = false;
  for (const disk of current) {
    if (asked.some((a) => keyOf(a.id) === keyOf(disk.id))) continue;
    cloud.disks.detach(disk.id, vmId);
    entry?.luns.delete(keyOf(disk.id));
    changed = true;
  }
  for (const a of asked) {
    if (current.some((d) => keyOf(d.id) === keyOf(a.id))) continue;
    if (!a.attach) {
      throw badRequest("UnsupportedByEmulator", "The emulator attaches existing disks only (createOption Attach).");
    }
    const found = cloud.disks.list({ where: (d) => keyOf(d.id) === keyOf(a.id) }).items[0];
    if (!found) throw new ArmError(404, "NotFound", `Resource ${a.id} not found.`);
    if (found.attachment) {
      throw new ArmError(409, "OperationNotAllowed", `Disk ${found.name} is attached to VM ${found.attachment.vm.id}.`);
    }
    cloud.disks.attach(found.id, vmId);
    entry?.luns.set(keyOf(found.id), a.lun);
    changed = true;
  }
  return changed;
}

type Action = "start" | "deallocate" | "poweroff" | "restart" | "generalize";

const actionApis: Readonly<Record<Action, string>> = {
  start: "VirtualMachines_Start",
  deallocate: "VirtualMachines_Deallocate",
  poweroff: "VirtualMachines_PowerOff",
  restart: "VirtualMachines_Restart",
  generalize: "VirtualMachines_Generalize",
};

/** POST .../virtualMachines/{name}/{start|deallocate|powerOff|restart}: 202 and an operation to poll. */
async function control(ctx: ArmContext, group: ResourceGroup, id: string, name: string, action: Action) {
  const region = regionOf(ctx, id) ?? group.location;
  const durationMs = await gate(ctx, region, actionApis[action], (cloud) => {
    const vm = liveVm(cloud, id);
    if (!vm) throw resourceNotFound(vmType, name, group.name);
    const entry = ctx.state.vms.get(keyOf(id));
    const timing = ctx.world.timing;
    const notAllowed = (why: string) =>
      new ArmError(409, "OperationNotAllowed", `Operation '${action}' is not allowed on VM '${name}' since ${why}.`);
    if (vm.state === "error") throw notAllowed("the VM failed to provision");
    if (entry?.generalized && action !== "deallocate" && action !== "poweroff")
      throw notAllowed("the VM is marked as generalized");
    switch (action) {
      case "generalize":
        // Sysprep or waagent -deprovision ran inside: the VM is stopped, and now an image source only.
        if (vm.state !== "stopped") throw notAllowed(`the VM is ${powerStateOf(vm.state, entry) ?? vm.state}`);
        if (entry) entry.generalized = true;
        return -1;
      case "start":
        if (vm.state === "running") return 0;
        cloud.vms.start(id);
        if (entry) delete entry.stoppedBy;
        return timing.vmStartMs;
      case "restart":
        if (vm.state === "stopped") throw notAllowed(`the VM is ${powerStateOf(vm.state, entry) ?? "stopped"}`);
        cloud.vms.reboot(id);
        return timing.vmRebootMs;
      case "deallocate":
      case "poweroff": {
        const by = action === "deallocate" ? "deallocate" : "powerOff";
        if (vm.state === "stopped") {
          // A powered-off VM can be deallocated; deallocating it again changes nothing.
          if (entry && by === "deallocate") entry.stoppedBy = by;
          return 0;
        }
        cloud.vms.stop(id);
        if (entry) entry.stoppedBy = by;
        return timing.vmStopMs;
      }
    }
  });
  // Generalize is synchronous: 200 and no operation.
  if (durationMs < 0) return { status: 200 };
  return {
    status: 202,
    headers: startOperation(ctx, {
      region,
      resourceId: id,
      withLocation: true,
      durationMs: Math.max(durationMs, 1),
    }),
  };
}

/**
 * GET /subscriptions/{id}/providers/Microsoft.Compute/virtualMachines: every VM of the subscription;
 * `statusOnly=true` adds each one's instanceView (how clients read many VMs' power states at once).
 */
export async function serveAllVirtualMachines(ctx: ArmContext): Promise<FrontResponse> {
  if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists virtual machines.");
  const withView = ctx.request.url.searchParams.get("statusOnly") === "true";
  const regions = ctx.world.catalog("AZURE").regions.map((r) => r.name);
  const page = await gate(ctx, regions[0] ?? "", "VirtualMachines_ListAll", () =>
    pageAcrossRegions(ctx, (cloud, options) => {
      const list = cloud.vms.list({ ...options, where: (v) => v.state !== "terminated" });
      return { ...list, items: list.items.map((v) => render(ctx, v, cloud.region, withView)) };
    }),
  );
  return json(200, page);
}

/** PUT, GET, DELETE .../virtualMachines/{name}, its instanceView and power actions; GET lists the group's. */
export async function serveVirtualMachines(
  ctx: ArmContext,
  group: ResourceGroup,
  name: string | undefined,
  action: string | undefined,
): Promise<FrontResponse> {
  if (name === undefined) {
    if (ctx.request.method !== "GET") throw new ArmError(405, "MethodNotAllowed", "Only GET lists virtual machines.");
    const page = await gate(ctx, group.location, "VirtualMachines_List", () =>
      pageAcrossRegions(ctx, (cloud, options) => {
        const list = cloud.vms.list({
          ...options,
          where: (v) => v.state !== "terminated" && inGroup(ctx, group, v.id),
        });
        return { ...list, items: list.items.map((v) => render(ctx, v, cloud.region, false)) };
      }),
    );
    return json(200, page);
  }
  const id = resourceId(ctx, group, vmType, name);
  if (action !== undefined) {
    const verb = action.toLowerCase();
    if (verb === "instanceview" && ctx.request.method === "GET") {
      const region = regionOf(ctx, id) ?? group.location;
      return gate(ctx, region, "VirtualMachines_InstanceView", (cloud) => {
        const vm = liveVm(cloud, id);
        if (!vm) throw resourceNotFound(vmType, name, group.name);
        return json(200, instanceView(vm, ctx.state.vms.get(keyOf(id))));
      });
    }
    if (ctx.request.method === "POST" && verb in actionApis) return control(ctx, group, id, name, verb as Action);
    throw new ArmError(
      404,
      "NotFound",
      `No HTTP resource was found that matches the request URI '${ctx.request.url.pathname}'.`,
    );
  }
  switch (ctx.request.method) {
    case "GET": {
      const region = regionOf(ctx, id) ?? group.location;
      const expand = ctx.request.url.searchParams.get("$expand");
      return gate(ctx, region, "VirtualMachines_Get", (cloud) => {
        const vm = liveVm(cloud, id);
        if (!vm) throw resourceNotFound(vmType, name, group.name);
        return json(200, render(ctx, vm, region, expand?.toLowerCase() === "instanceview"));
      });
    }
    case "PUT":
      return create(ctx, group, id, name);
    case "DELETE": {
      const region = regionOf(ctx, id) ?? group.location;
      const found = await gate(ctx, region, "VirtualMachines_Delete", (cloud) => {
        const vm = liveVm(cloud, id);
        if (!vm) return false;
        if (vm.state === "shutting-down") return true;
        const entry = ctx.state.vms.get(keyOf(id));
        const until = ctx.world.clock.now() + ctx.world.timing.vmTerminateMs + nicReservationMs;
        for (const ref of entry?.nics ?? []) {
          const nic = liveNic(ctx, ref.id);
          if (nic && ref.deleteOption === "Detach") {
            nic.reserved = { vmId: id, until };
            continue;
          }
          if (ref.deleteOption === "Detach") continue;
          // The interface goes with the VM (the world deletes it); so does its address, if it says so.
          const pipId = nic ? nic.publicIpId : ref.publicIpId;
          const pip = pipId === undefined ? undefined : livePublicIp(ctx, pipId);
          if (pip?.deleteOption === "Delete") releasePublicIp(ctx, pip);
        }
        cloud.vms.terminate(id);
        return true;
      });
      if (!found) return { status: 204 };
      return {
        status: 202,
        headers: startOperation(ctx, {
          region,
          resourceId: id,
          withLocation: true,
          durationMs: ctx.world.timing.vmTerminateMs,
        }),
      };
    }
    default:
      throw new ArmError(405, "MethodNotAllowed", `The method '${ctx.request.method}' is not allowed.`);
  }
}

async function create(ctx: ArmContext, group: ResourceGroup, id: string, name: string): Promise<FrontResponse> {
  const body = bodyOf<VmBody>(ctx.request);
  const location = checkLocation(ctx, body.location, vmType);
  const existing = regionOf(ctx, id);
  if (existing !== undefined && liveVm(cloudOf(ctx, existing), id)) {
    // An update: tags, and data disks attached or detached by the dataDisks list.
    return gate(ctx, existing, "VirtualMachines_CreateOrUpdate", (cloud) => {
      if (body.tags !== undefined) {
        const current = cloud.vms.get(id);
        const gone = Object.keys(current.tags).filter((k) => !Object.hasOwn(body.tags ?? {}, k));
        if (gone.length > 0) cloud.tags.remove(id, gone);
        if (Object.keys(body.tags).length > 0) cloud.tags.add(id, body.tags);
      }
      const wanted = body.properties?.storageProfile?.dataDisks;
      const changed = wanted === undefined ? false : updateDataDisks(ctx, cloud, id, wanted);
      const vm = cloud.vms.get(id);
      return json(200, render(ctx, vm, existing, false), {
        ...startOperation(ctx, {
          region: existing,
          resourceId: id,
          ...(changed ? { durationMs: ctx.world.timing.diskAttachMs } : {}),
        }),
      });
    });
  }
  const { vm, failure } = await gate(ctx, location, "VirtualMachines_CreateOrUpdate", (cloud, g) => {
    const plan = checkCreate(ctx, body, cloud, name, group);
    const disk = cloud.disks.create({
      name: plan.osDisk.name,
      resourceGroup: group.name,
      zone: plan.zone,
      type: plan.osDisk.type,
      sizeGB: plan.osDisk.sizeGB,
      sourceImageId: plan.image.id,
      tags: {},
    });
    if (plan.zone !== undefined) ctx.state.zonalDisks.add(keyOf(disk.id));
    let made: Vm;
    try {
      made = cloud.vms.run(
        {
          name,
          resourceGroup: group.name,
          tags: body.tags,
          imageId: plan.image.id,
          specName: plan.size,
          zone: plan.zone,
          networkInterfaces: plan.nics.map((n) => ({
            id: n.entry.worldId,
            deleteOnTermination: n.deleteOption === "Delete",
          })),
          bootVolume: { id: disk.id, deleteOnTermination: plan.osDisk.deleteOption === "Delete" },
          loginUser: plan.adminUsername,
          assignPublicIp: false,
        },
        { failsLater: g.failsLater },
      );
    } catch (error) {
      cloud.disks.delete(disk.id);
      throw error;
    }
    const failure = g.failsLater
      ? plan.zone === undefined
        ? {
            code: "AllocationFailed",
            message: `Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance`,
          }
        : {
            code: "ZonalAllocationFailed",
            message: `Allocation failed. We do not have sufficient capacity for the requested VM size in this zone. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance`,
          }
      : undefined;
    ctx.state.vms.set(keyOf(made.id), {
      nics: plan.nics.map((n) => ({
        id: n.entry.id,
        deleteOption: n.deleteOption,
        primary: n.primary,
        publicIpId: n.entry.publicIpId,
      })),
      osDisk: { id: disk.id, name: disk.name, deleteOption: plan.osDisk.deleteOption, caching: plan.osDisk.caching },
      adminUsername: plan.adminUsername,
      computerName: plan.computerName,
      publicKeys: plan.publicKeys,
      imageReference: plan.imageReference,
      zones: plan.zones,
      luns: new Map(),
      ...(failure ? { failure } : {}),
    });
    return { vm: made, failure };
  });
  const headers = startOperation(ctx, {
    region: location,
    resourceId: id,
    durationMs: ctx.world.timing.vmBootMs,
    failure,
  });
  return json(201, render(ctx, vm, location, false), headers);
}

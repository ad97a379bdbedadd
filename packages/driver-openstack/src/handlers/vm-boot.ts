import { cloudInit, diskTypeOrDefault } from "@cloud-barista/core/driver";
import type { DriverVmRequest } from "@cloud-barista/core/driver";
import { loginUserKey } from "../tags.js";
import type { GlanceImage, NovaFlavor } from "./native-types.js";

/** The login user the driver's cloud-init creates on Linux VMs, with the key pair's public key. */
export const defaultVmUser = "cb-user";

/** What a server is booted from besides the request: the looked-up flavor, image, key and port. */
export interface BootFacts {
  flavor: NovaFlavor;
  image: GlanceImage;
  publicKey: string | undefined;
  portId: string;
}

/**
 * The block devices of a server. A root disk size or type means booting from a new volume made
 * from the image. Data disks need the image as the boot_index 0 entry too (Nova refuses a list
 * holding only the data volumes: "Boot sequence ... not valid").
 */
function blockDevices(request: DriverVmRequest, image: GlanceImage): Record<string, unknown>[] {
  const rootType = diskTypeOrDefault(request.rootDiskType);
  const bootFromVolume = request.rootDiskSizeGB !== undefined || rootType !== undefined;
  if (!bootFromVolume && request.dataDiskIIDs.length === 0) return [];
  const root = bootFromVolume
    ? {
        destination_type: "volume",
        volume_size: request.rootDiskSizeGB ?? image.min_disk ?? 10,
        ...(rootType ? { volume_type: rootType } : {}),
      }
    : { destination_type: "local" };
  return [
    { boot_index: 0, uuid: image.id, source_type: "image", delete_on_termination: true, ...root },
    ...request.dataDiskIIDs.map((d) => ({
      boot_index: -1,
      uuid: d.systemId,
      source_type: "volume",
      destination_type: "volume",
      delete_on_termination: false,
    })),
  ];
}

export const isWindows = (image: GlanceImage): boolean => image.os_type === "windows";

/** The login user of a VM the driver starts. */
export const loginUserOf = (request: DriverVmRequest, image: GlanceImage): string =>
  isWindows(image) ? "Administrator" : (request.vmUserId ?? defaultVmUser);

/**
 * Nova's create-server body. The server gets the port the driver made in the requested subnet
 * (its security groups are the port's); its metadata holds the tags and the login user.
 */
export function serverBody(request: DriverVmRequest, facts: BootFacts): Record<string, unknown> {
  const { image } = facts;
  const devices = blockDevices(request, image);
  const bootFromVolume = devices[0]?.["destination_type"] === "volume";
  const password = request.vmUserPassword;
  const login = { user: request.vmUserId ?? defaultVmUser, publicKey: facts.publicKey, password };
  return {
    name: request.name,
    flavorRef: String(facts.flavor.id),
    ...(bootFromVolume ? {} : { imageRef: image.id }),
    networks: [{ port: facts.portId }],
    ...(request.keyPairIID ? { key_name: request.keyPairIID.systemId } : {}),
    ...(request.zone ? { availability_zone: request.zone } : {}),
    metadata: { ...request.tags, [loginUserKey]: loginUserOf(request, image) },
    ...(devices.length > 0 ? { block_device_mapping_v2: devices } : {}),
    ...(isWindows(image) ? (password ? { adminPass: password } : {}) : { user_data: cloudInit(login, "base64") }),
  };
}

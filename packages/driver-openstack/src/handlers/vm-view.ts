import type { CallContext, IID, ImageType, OsPlatform, VmInfo } from "@cloud-barista/core/driver";
import type { OpenStackSession } from "../session.js";
import { vmStatusOf } from "../vm-status.js";
import type { GlanceImage, NeutronPort, NovaServer } from "./native-types.js";

/** What the driver learns about a server's image: a public image, or a snapshot (my-image). */
export interface ImageFacts {
  imageType: ImageType;
  imageIID: IID;
  platform: OsPlatform;
}

/**
 * Looks a server's image up once per id within one operation (a VM list shares few images). A
 * server booted from a volume names no image ("").
 */
export function imageFacts(
  session: OpenStackSession,
  ctx: CallContext,
): (image: NovaServer["image"]) => Promise<ImageFacts> {
  const memo = new Map<string, Promise<ImageFacts>>();
  return (image) => {
    const id = image && typeof image === "object" ? image.id : "";
    let found = memo.get(id);
    if (!found) {
      found = (
        id === "" ? Promise.reject(new Error("no image")) : session.call<GlanceImage>(ctx, "glance:ShowImage", { id })
      ).then(
        (image): ImageFacts => ({
          imageType: image.image_type === "snapshot" ? "MyImage" : "PublicImage",
          imageIID: { nameId: image.image_type === "snapshot" ? (image.name ?? id) : id, systemId: id },
          platform: image.os_type === "windows" ? "Windows" : image.os_type === "linux" ? "Linux/UNIX" : "NA",
        }),
        // A deleted image no longer says what it was.
        (): ImageFacts => ({ imageType: "PublicImage", imageIID: { nameId: id, systemId: id }, platform: "NA" }),
      );
      memo.set(id, found);
    }
    return found;
  };
}

function addressOf(server: NovaServer, type: "fixed" | "floating"): string | undefined {
  for (const list of Object.values(server.addresses ?? {})) {
    const found = list.find((a) => a["OS-EXT-IPS:type"] === type && (a.version ?? 4) === 4);
    if (found) return found.addr;
  }
  return undefined;
}

/**
 * A VmInfo from a server and its port. The port gives the network, subnet and security group ids
 * (the server lists groups by name only); names Nova does not return are filled with ids, which
 * the runtime replaces with the names it tracks.
 */
export function toVmInfo(
  session: OpenStackSession,
  server: NovaServer,
  port: NeutronPort | undefined,
  image: ImageFacts,
): VmInfo {
  const publicIp = addressOf(server, "floating");
  const networkName = Object.keys(server.addresses ?? {})[0];
  const fixed = port?.fixed_ips[0];
  const networkId = port?.network_id ?? "";
  return {
    iid: { nameId: server.name, systemId: server.id },
    status: vmStatusOf(server.status, server["OS-EXT-STS:task_state"]),
    ...(server["OS-SRV-USG:launched_at"]
      ? { startTime: new Date(`${server["OS-SRV-USG:launched_at"]}Z`.replace(/ZZ$/, "Z")) }
      : {}),
    region: {
      region: session.region,
      ...(server["OS-EXT-AZ:availability_zone"] ? { zone: server["OS-EXT-AZ:availability_zone"] } : {}),
    },
    imageType: image.imageType,
    imageIID: image.imageIID,
    specName: server.flavor?.original_name ?? server.flavor?.id ?? "",
    vpcIID: { nameId: networkName ?? networkId, systemId: networkId },
    subnetIID: { nameId: fixed?.subnet_id ?? "", systemId: fixed?.subnet_id ?? "" },
    securityGroupIIDs: (port?.security_groups ?? []).map((id) => ({ nameId: id, systemId: id })),
    ...(server.key_name ? { keyPairIID: { nameId: server.key_name, systemId: server.key_name } } : {}),
    ...(server.flavor?.disk ? { rootDiskSizeGB: server.flavor.disk } : {}),
    dataDiskIIDs: (server["os-extended-volumes:volumes_attached"] ?? []).map((v) => ({ nameId: v.id, systemId: v.id })),
    platform: image.platform,
    ...((fixed?.ip_address ?? addressOf(server, "fixed"))
      ? { privateIp: fixed?.ip_address ?? addressOf(server, "fixed") }
      : {}),
    ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:22` } : {}),
    tags: { ...(server.metadata ?? {}) },
    extra: {
      nativeStatus: server.status,
      taskState: server["OS-EXT-STS:task_state"] ?? "",
      powerState: String(server["OS-EXT-STS:power_state"] ?? ""),
      ...(port ? { portId: port.id } : {}),
    },
  };
}

import type { IID, VmInfo } from "@cloud-barista/core/driver";
import { vmStatusOf } from "../vm-status.js";
import type { IbmSession } from "../session.js";
import type { IbmFloatingIp, IbmInstance, IbmNic, Ref } from "./native-types.js";

/** The name prefix of floating IPs the driver makes for VMs (and releases with them). */
export const floatingIpPrefix = "cb-fip-";

/** The floating IP name the driver gives a VM's public address: unique per instance, an IBM name. */
export function floatingIpName(instanceId: string): string {
  return `${floatingIpPrefix}${instanceId.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, 63).replace(/-+$/, "");
}

const iid = (r: Ref | undefined): IID => ({ nameId: r?.name ?? "", systemId: r?.id ?? "" });

/** What a VM read gathers besides the instance: its primary interface, floating IPs and keys. */
export interface VmParts {
  nic?: IbmNic | undefined;
  floatingIps?: readonly IbmFloatingIp[] | undefined;
  keys?: readonly { id: string; name: string }[] | undefined;
}

/** An instance in the portable model; names of referenced resources are the runtime's to fill. */
export function toVmInfo(session: IbmSession, i: IbmInstance, parts: VmParts): VmInfo {
  const nic = { ...i.primary_network_interface, ...parts.nic };
  const privateIp = nic.primary_ip?.address ?? nic.primary_ipv4_address;
  const publicIp = (parts.floatingIps ?? nic.floating_ips ?? []).map((f) => f.address).find((a) => a);
  const imageName = i.image?.name ?? "";
  const windows = /windows/i.test(imageName);
  const user = i.id ? session.instanceUsers.peek(i.id) : undefined;
  const started = i.created_at ? new Date(i.created_at) : undefined;
  const key = parts.keys?.[0];
  return {
    iid: { nameId: i.name ?? "", systemId: i.id ?? "" },
    status: vmStatusOf(i.status),
    ...(started && !Number.isNaN(started.getTime()) ? { startTime: started } : {}),
    region: { region: session.region, ...(i.zone?.name ? { zone: i.zone.name } : {}) },
    // A VM started from a user's image: the image is private (its name is not IBM's "ibm-").
    imageType: imageName !== "" && !imageName.startsWith("ibm-") ? "MyImage" : "PublicImage",
    imageIID: iid(i.image),
    specName: i.profile?.name ?? "",
    vpcIID: iid(i.vpc),
    subnetIID: iid(nic.subnet),
    securityGroupIIDs: (nic.security_groups ?? []).map(iid),
    ...(key ? { keyPairIID: { nameId: key.name, systemId: key.id } } : {}),
    dataDiskIIDs: (i.volume_attachments ?? [])
      .filter((a) => a.volume?.id && a.volume.id !== i.boot_volume_attachment?.volume?.id)
      .map((a) => iid(a.volume)),
    vmUserId: user ?? (windows ? "Administrator" : "root"),
    platform: windows ? "Windows" : "Linux/UNIX",
    ...(privateIp ? { privateIp } : {}),
    ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:22` } : {}),
    extra: {
      nativeState: i.status ?? "",
      ...(i.status_reasons?.[0]?.code ? { statusReason: i.status_reasons[0].code } : {}),
      ...(i.crn ? { crn: i.crn } : {}),
    },
  };
}

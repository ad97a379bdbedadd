import type { CallContext, IID, ImageType, OsPlatform, VmInfo } from "@cloud-barista/core/driver";
import type { OpenStackSession } from "../session.js";
import { loginUserKey, metadataTags } from "../tags.js";
import { vmStatusOf } from "../vm-status.js";
import type {
  CinderVolume,
  GlanceImage,
  NeutronFloatingIp,
  NeutronNetwork,
  NeutronPort,
  NovaFlavor,
  NovaServer,
} from "./native-types.js";
import { isDriverMade } from "./network.js";

/** What the driver learns about a server's image: a public image, or a snapshot (my-image). */
export interface ImageFacts {
  imageType: ImageType;
  imageIID: IID;
  platform: OsPlatform;
  loginUser?: string;
}

/** A server's boot source: its image, and the root volume of a server booted from one. */
interface BootSource {
  image: ImageFacts;
  rootVolume?: CinderVolume;
}

/** Everything besides the server a VmInfo is made of, read from Neutron, Glance and Cinder. */
export interface VmFacts {
  /** The server's ports, the driver's own first. */
  ports: NeutronPort[];
  /** Neutron's floating IPs of the ports, with details only (else Nova's `addresses` say). */
  floatingIps: NeutronFloatingIp[] | undefined;
  network: NeutronNetwork | undefined;
  flavorName: string;
  boot: BootSource;
}

const isIpv4 = (address: string): boolean => !address.includes(":");

/**
 * Lookups for VmInfos. Neutron's ports are the source of truth for the subnet and groups (Nova
 * names neither by id), so a get is two calls: the server and its ports. Images, flavors and
 * networks are remembered per connection; floating IPs come from Nova's `addresses`, and from
 * Neutron (one more call) only with details, as older Nova shapes may lack address types.
 */
export function vmLookups(session: OpenStackSession, ctx: CallContext, listing: boolean, details: boolean) {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    let found = memo.get(key) as Promise<T> | undefined;
    if (!found) memo.set(key, (found = read()));
    return found;
  };
  // A list reads each collection once; a get reads only what its server needs.
  const allPorts = () => once("ports", () => session.listArray<NeutronPort>(ctx, "neutron:ListPorts"));
  const allFloatingIps = () => once("fips", () => session.listArray<NeutronFloatingIp>(ctx, "neutron:ListFloatingIPs"));
  const allNetworks = () => once("networks", () => session.listArray<NeutronNetwork>(ctx, "neutron:ListNetworks"));
  const allVolumes = () => once("volumes", () => session.listArray<CinderVolume>(ctx, "cinder:ListVolumesDetailed"));

  const portsOf = async (serverId: string): Promise<NeutronPort[]> => {
    const ports = listing
      ? (await allPorts()).filter((p) => p.device_id === serverId)
      : await session.listArray<NeutronPort>(ctx, "neutron:ListPorts", { device_id: serverId });
    // The port the driver made is the VM's; otherwise the oldest one.
    const rank = (p: NeutronPort) => `${isDriverMade(p.description) ? 0 : 1}${p.created_at ?? ""}${p.id}`;
    return ports.sort((a, b) => rank(a).localeCompare(rank(b)));
  };
  const floatingIpsOf = async (portIds: readonly string[]): Promise<NeutronFloatingIp[] | undefined> => {
    if (!details) return undefined;
    if (listing) return (await allFloatingIps()).filter((f) => f.port_id !== null && portIds.includes(f.port_id));
    const lists = await Promise.all(
      portIds.map((port_id) => session.listArray<NeutronFloatingIp>(ctx, "neutron:ListFloatingIPs", { port_id })),
    );
    return lists.flat();
  };
  const networkOf = async (id: string | undefined): Promise<NeutronNetwork | undefined> => {
    if (id === undefined) return undefined;
    const known = session.networks.peek(id);
    if (known) return known;
    if (listing) {
      const all = await allNetworks();
      for (const n of all) session.networks.set(n.id, n);
      return all.find((n) => n.id === id);
    }
    return session.networks.get(id, () => session.call<NeutronNetwork>(ctx, "neutron:ShowNetwork", { id }));
  };
  // Nova embeds the flavor from microversion 2.47 (and the legacy v2 API never): else its id is resolved.
  const flavorNameOf = async (flavor: NovaServer["flavor"]): Promise<string> => {
    if (flavor?.original_name !== undefined) return flavor.original_name;
    if (flavor?.id === undefined) return "";
    const id = String(flavor.id);
    return session.flavorNames
      .get(id, () => session.call<NovaFlavor>(ctx, "nova:ShowFlavor", { id }).then((f) => f.name))
      .catch(() => id); // a deleted flavor no longer names itself
  };
  const imageOf = (id: string): Promise<ImageFacts> =>
    session.images
      .get(id, () => session.call<GlanceImage>(ctx, "glance:ShowImage", { id }))
      .then(
        (image): ImageFacts => ({
          imageType: image.image_type === "snapshot" ? "MyImage" : "PublicImage",
          imageIID: { nameId: image.image_type === "snapshot" ? (image.name ?? id) : id, systemId: id },
          platform: image.os_type === "windows" ? "Windows" : image.os_type === "linux" ? "Linux/UNIX" : "NA",
          ...(image.os_admin_user ? { loginUser: image.os_admin_user } : {}),
        }),
        // A deleted image no longer says what it was.
        (): ImageFacts => ({ imageType: "PublicImage", imageIID: { nameId: id, systemId: id }, platform: "NA" }),
      );
  // A server booted from a volume names no image (""): the image is the root volume's source.
  const bootOf = async (server: NovaServer): Promise<BootSource> => {
    if (server.image && typeof server.image === "object") return { image: await imageOf(server.image.id) };
    const attached = (server["os-extended-volumes:volumes_attached"] ?? []).map((v) => v.id);
    const volumes = listing
      ? (await allVolumes()).filter((v) => attached.includes(v.id))
      : await Promise.all(attached.map((id) => session.call<CinderVolume>(ctx, "cinder:ShowVolume", { id })));
    const rootVolume = volumes.find((v) => v.bootable === "true" && v.volume_image_metadata?.["image_id"]);
    const imageId = rootVolume?.volume_image_metadata?.["image_id"];
    const image: ImageFacts = imageId
      ? await imageOf(imageId)
      : { imageType: "PublicImage", imageIID: { nameId: "", systemId: "" }, platform: "NA" };
    return { image, ...(rootVolume ? { rootVolume } : {}) };
  };

  return async (server: NovaServer): Promise<VmFacts> => {
    const ports = await portsOf(server.id);
    const [floatingIps, network, flavorName, boot] = await Promise.all([
      floatingIpsOf(ports.map((p) => p.id)),
      networkOf(ports[0]?.network_id),
      flavorNameOf(server.flavor),
      bootOf(server),
    ]);
    return { ports, floatingIps, network, flavorName, boot };
  };
}

/** The first fixed address of a type in Nova's `addresses` (for a server Neutron shows no port of yet). */
function novaAddress(server: NovaServer, type: "fixed" | "floating"): string | undefined {
  for (const list of Object.values(server.addresses ?? {})) {
    const found = list.find((a) => (a["OS-EXT-IPS:type"] ?? "fixed") === type && (a.version ?? 4) === 4);
    if (found && isIpv4(found.addr)) return found.addr;
  }
  return undefined;
}

/**
 * A VmInfo from a server and its facts. The VM's network, subnet and groups are its first port's
 * (names Nova does not return are ids, which the runtime replaces with the names it tracks). A
 * fixed address on an external (provider) network is public.
 */
export function toVmInfo(session: OpenStackSession, server: NovaServer, facts: VmFacts): VmInfo {
  const { boot, network } = facts;
  const [port, ...otherPorts] = facts.ports;
  const fixed4 = port?.fixed_ips.find((f) => isIpv4(f.ip_address));
  const ipv6 = facts.ports.flatMap((p) => p.fixed_ips.filter((f) => !isIpv4(f.ip_address)).map((f) => f.ip_address));
  const privateIp = fixed4?.ip_address ?? (port ? undefined : novaAddress(server, "fixed"));
  const floatingIps = facts.floatingIps;
  const floating = floatingIps?.find((f) => f.port_id === port?.id) ?? floatingIps?.[0];
  const publicIp =
    floating?.floating_ip_address ??
    (network?.["router:external"] === true
      ? privateIp
      : port && floatingIps
        ? undefined
        : novaAddress(server, "floating"));
  const networkId = port?.network_id ?? "";
  const dataDisks = (server["os-extended-volumes:volumes_attached"] ?? []).filter((v) => v.id !== boot.rootVolume?.id);
  const rootDiskSizeGB = boot.rootVolume?.size ?? server.flavor?.disk;
  const loginUser =
    server.metadata?.[loginUserKey] ?? (boot.image.platform === "Windows" ? "Administrator" : boot.image.loginUser);
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
    imageType: boot.image.imageType,
    imageIID: boot.image.imageIID,
    specName: facts.flavorName,
    vpcIID: { nameId: network?.name || networkId, systemId: networkId },
    subnetIID: { nameId: fixed4?.subnet_id ?? "", systemId: fixed4?.subnet_id ?? "" },
    securityGroupIIDs: (port?.security_groups ?? []).map((id) => ({ nameId: id, systemId: id })),
    ...(server.key_name ? { keyPairIID: { nameId: server.key_name, systemId: server.key_name } } : {}),
    ...(rootDiskSizeGB ? { rootDiskSizeGB } : {}),
    dataDiskIIDs: dataDisks.map((v) => ({ nameId: v.id, systemId: v.id })),
    ...(loginUser ? { vmUserId: loginUser } : {}),
    platform: boot.image.platform,
    ...(privateIp ? { privateIp } : {}),
    ...(publicIp ? { publicIp, sshAccessPoint: `${publicIp}:22` } : {}),
    tags: metadataTags(server.metadata),
    extra: {
      nativeStatus: server.status,
      taskState: server["OS-EXT-STS:task_state"] ?? "",
      powerState: String(server["OS-EXT-STS:power_state"] ?? ""),
      ...(port ? { portId: port.id } : {}),
      ...(otherPorts.length > 0 ? { otherPortIds: otherPorts.map((p) => p.id).join(",") } : {}),
      ...(ipv6.length > 0 ? { ipv6Addresses: ipv6.join(",") } : {}),
      ...(boot.rootVolume ? { rootVolumeId: boot.rootVolume.id } : {}),
    },
  };
}

// The parts of OpenStack's JSON bodies the driver reads (fields per the API references).

export interface GlanceImage {
  id: string;
  name?: string | null;
  status?: string;
  visibility?: string;
  architecture?: string;
  os_type?: string;
  os_distro?: string;
  os_version?: string;
  os_admin_user?: string;
  min_disk?: number;
  disk_format?: string;
  image_type?: string;
  instance_uuid?: string;
  tags?: string[];
  created_at?: string;
}

export interface NovaFlavor {
  /** Older deployments may answer numeric ids. */
  id: string | number;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  extra_specs?: Record<string, string>;
  "OS-FLV-EXT-DATA:ephemeral"?: number;
  "os-flavor-access:is_public"?: boolean;
}

export interface NovaAddress {
  addr: string;
  version?: number;
  "OS-EXT-IPS:type"?: string;
}

export interface NovaServer {
  id: string;
  name: string;
  status: string;
  "OS-EXT-STS:task_state"?: string | null;
  "OS-EXT-STS:power_state"?: number;
  "OS-EXT-AZ:availability_zone"?: string;
  "OS-SRV-USG:launched_at"?: string | null;
  created?: string;
  /** "" for a server booted from a volume. */
  image?: { id: string } | "";
  /** Embedded from microversion 2.47; before that only the flavor's id. */
  flavor?: { original_name?: string; id?: string | number; disk?: number; vcpus?: number };
  addresses?: Record<string, NovaAddress[]>;
  key_name?: string | null;
  metadata?: Record<string, string>;
  "os-extended-volumes:volumes_attached"?: { id: string; delete_on_termination?: boolean }[];
}

export interface NeutronPort {
  id: string;
  network_id: string;
  device_id: string;
  device_owner: string;
  fixed_ips: { subnet_id: string; ip_address: string }[];
  security_groups?: string[];
  description?: string;
  created_at?: string;
}

export interface NeutronNetwork {
  id: string;
  name: string;
  status?: string;
  subnets?: string[];
  tags?: string[];
  "router:external"?: boolean;
  shared?: boolean;
}

export interface NeutronSubnet {
  id: string;
  name: string;
  network_id: string;
  cidr: string;
  ip_version?: number;
  gateway_ip?: string | null;
  tags?: string[];
}

export interface NeutronRule {
  id: string;
  direction: "ingress" | "egress";
  ethertype?: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id?: string | null;
}

export interface NeutronSecurityGroup {
  id: string;
  name: string;
  description?: string;
  security_group_rules: NeutronRule[];
  tags?: string[];
}

export interface NeutronFloatingIp {
  id: string;
  floating_ip_address: string;
  port_id: string | null;
  fixed_ip_address?: string | null;
  description?: string;
  created_at?: string;
}

export interface CinderVolume {
  id: string;
  name: string | null;
  status: string;
  size: number;
  availability_zone?: string;
  volume_type?: string | null;
  metadata?: Record<string, string>;
  attachments?: { server_id: string; device?: string }[];
  created_at?: string;
  /** "true" for a volume a server can boot from. */
  bootable?: string;
  /** The properties of the image a volume was made from. */
  volume_image_metadata?: Record<string, string>;
}

export interface OctaviaLoadBalancer {
  id: string;
  name: string;
  provisioning_status: string;
  operating_status?: string;
  vip_address: string;
  vip_port_id: string;
  vip_subnet_id: string;
  vip_network_id: string;
  listeners: { id: string }[];
  pools: { id: string }[];
  tags?: string[];
  created_at?: string;
}

export interface OctaviaListener {
  id: string;
  protocol: string;
  protocol_port: number;
  default_pool_id: string | null;
}

export interface OctaviaPool {
  id: string;
  protocol: string;
  healthmonitor_id: string | null;
}

export interface OctaviaMember {
  id: string;
  address: string;
  protocol_port: number;
  subnet_id?: string | null;
  monitor_port?: number | null;
  operating_status: string;
}

export interface OctaviaHealthMonitor {
  id: string;
  type: string;
  delay: number;
  timeout: number;
  max_retries: number;
}

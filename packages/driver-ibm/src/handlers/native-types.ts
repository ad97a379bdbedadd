// The shapes of the VPC API's answers the driver reads (field names as IBM's API reference and
// SDK models give them). Every field is optional: resources made by other tools, or in older API
// versions, may lack any of them.

export interface Ref {
  id?: string;
  name?: string;
  crn?: string;
  href?: string;
}

export interface IbmRegion {
  name?: string;
  endpoint?: string;
  status?: string;
}

export interface IbmZone {
  name?: string;
  status?: string;
  region?: Ref;
}

export interface IbmImage extends Ref {
  status?: string;
  visibility?: string;
  minimum_provisioned_size?: number;
  operating_system?: {
    name?: string;
    architecture?: string;
    family?: string;
    display_name?: string;
    vendor?: string;
    version?: string;
  };
  file?: { size?: number };
  source_volume?: Ref;
  created_at?: string;
}

interface ProfileValue {
  type?: string;
  value?: number | string;
  values?: (number | string)[];
  default?: number;
  min?: number;
}

export interface IbmProfile {
  name?: string;
  family?: string;
  vcpu_count?: ProfileValue;
  memory?: ProfileValue;
  vcpu_architecture?: ProfileValue;
  gpu_count?: ProfileValue;
  gpu_model?: ProfileValue;
  gpu_manufacturer?: ProfileValue;
  gpu_memory?: ProfileValue;
  disks?: { size?: ProfileValue; quantity?: ProfileValue }[];
}

export interface IbmVpc extends Ref {
  status?: string;
  default_security_group?: Ref;
  created_at?: string;
}

export interface IbmSubnet extends Ref {
  status?: string;
  ipv4_cidr_block?: string;
  zone?: Ref;
  vpc?: Ref;
  public_gateway?: Ref;
}

export interface IbmAddressPrefix extends Ref {
  cidr?: string;
  zone?: Ref;
  is_default?: boolean;
}

export interface IbmRule {
  id?: string;
  direction?: string;
  ip_version?: string;
  protocol?: string;
  port_min?: number;
  port_max?: number;
  remote?: { cidr_block?: string; address?: string; id?: string };
}

export interface IbmSecurityGroup extends Ref {
  vpc?: Ref;
  rules?: IbmRule[];
  targets?: (Ref & { resource_type?: string })[];
}

export interface IbmKey extends Ref {
  fingerprint?: string;
  public_key?: string;
  type?: string;
}

export interface IbmNic extends Ref {
  primary_ip?: { address?: string };
  primary_ipv4_address?: string;
  subnet?: Ref;
  security_groups?: Ref[];
  floating_ips?: (Ref & { address?: string })[];
}

export interface IbmInstance extends Ref {
  status?: string;
  /** Why an instance is `failed` or stuck (`cannot_start_capacity`, ...). */
  status_reasons?: { code?: string; message?: string }[];
  profile?: Ref;
  zone?: Ref;
  vpc?: Ref;
  image?: Ref;
  created_at?: string;
  primary_network_interface?: IbmNic;
  network_interfaces?: IbmNic[];
  boot_volume_attachment?: Ref & { volume?: Ref };
  volume_attachments?: (Ref & { volume?: Ref })[];
  vcpu?: { count?: number; architecture?: string };
  memory?: number;
}

export interface IbmFloatingIp extends Ref {
  address?: string;
  status?: string;
  target?: Ref & { resource_type?: string };
  zone?: Ref;
}

export interface IbmVolume extends Ref {
  status?: string;
  capacity?: number;
  profile?: Ref;
  zone?: Ref;
  created_at?: string;
  volume_attachments?: (Ref & { instance?: Ref; type?: string; status?: string })[];
}

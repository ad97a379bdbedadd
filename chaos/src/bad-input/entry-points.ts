import type { CloudBarista, Connection, DriverCapabilities, ResourceType } from "@cloud-barista/core";
import { planPlacement, rankOffers } from "@cloud-barista/mcis";
import type { McisService } from "@cloud-barista/mcis";
import type { ExplicitBad, Field, Shape } from "./shapes.js";

// Every public entry point the bad-input part attacks, as a table: its parameters, each with a
// shape (shapes.ts) and a good value. A case replaces one good value by one bad one; the entry
// point must refuse it with an InvalidArgument naming the field, before anything else happens.

/** One positional parameter. `label` is its path in errors ("request" for a request whose fields are named alone). */
export interface Param {
  label: string;
  shape: Shape;
  valid: unknown;
  optional?: boolean;
}

export interface EntryPoint<Context> {
  /** "vm.create", "credentials.add", "mcis.create". */
  name: string;
  params: readonly Param[];
  /** Calls it; what it returns is awaited (a generator's first item). */
  call(context: Context, args: readonly unknown[]): unknown;
  /** It returns a value, not a promise: a refusal is a synchronous throw. */
  sync?: boolean;
}

/** The resources a connection's baseline holds, named in the good values. */
export interface Baseline {
  image: string;
  spec: string;
  vpc: string;
  subnet: string;
  securityGroup: string;
  keyPair: string;
  vm: string;
  disk: string;
  myImage: string;
  nlb: string;
}

/** What the global entry points work on. */
export interface GlobalContext {
  barista: CloudBarista;
  mcis: McisService;
  /** A registered driver name with endpoint rules, and configs of its provider. */
  ruledDriver: string;
  ruledCredential: string;
  ruledRegion: string;
  /** A connection an MCIS may use. */
  mcisConnection: string;
}

const name: Shape = { kind: "name" };
const text: Shape = { kind: "text", max: 256 };
const id: Shape = { kind: "text", max: 1024 };
/** Tags: good ones where the type is taggable, else none (bad ones are refused first all the same). */
function tagsField(taggable: boolean): Field {
  return {
    shape: { kind: "dict", maxKeys: 50, keyMax: 128, valueMax: 256, keyRule: "tag-key" },
    optional: true,
    valid: taggable ? { team: "chaos" } : undefined,
  };
}
const port = (valid: number): Field => ({ shape: { kind: "int", min: 1, max: 65535 }, valid });

const nameParam = (label: string, valid: string): Param => ({ label, shape: name, valid });

/** An options bag of `abortSignal` and the given keys. */
function options(extra: Readonly<Record<string, Field>> = {}): Param {
  return {
    label: "options",
    optional: true,
    valid: {},
    shape: {
      kind: "object",
      fields: { abortSignal: { shape: { kind: "signal" }, optional: true, valid: undefined }, ...extra },
    },
  };
}

const flag: Field = { shape: { kind: "bool" }, optional: true, valid: undefined };
const vpcOption: Field = { shape: name, optional: true, valid: undefined };
const opts = options();
const waitOpts = options({ wait: flag });
const vpcOpts = options({ vpcName: vpcOption });
const ownerOpts = options({ owner: vpcOption });
const metaOpts = options({ refresh: flag });

/** A request object whose fields are named alone ("name", "tags"). */
function request(fields: Readonly<Record<string, Field>>): Param {
  const valid = Object.fromEntries(
    Object.entries(fields).flatMap(([k, f]) => (f.valid === undefined ? [] : [[k, f.valid]])),
  );
  return { label: "request", valid, shape: { kind: "object", fields, flat: true } };
}

/** A nested object at its own path ("subnet", "listener"). */
function object(fields: Readonly<Record<string, Field>>, optional = false): Field {
  const valid = Object.fromEntries(
    Object.entries(fields).flatMap(([k, f]) => (f.valid === undefined ? [] : [[k, f.valid]])),
  );
  return { shape: { kind: "object", fields }, valid, optional };
}

function list(
  item: Shape,
  itemValid: unknown,
  valid: readonly unknown[],
  extra: { nonEmpty?: boolean; optional?: boolean } = {},
): Field {
  return {
    shape: { kind: "list", item, itemValid, max: 1000, ...(extra.nonEmpty ? { nonEmpty: true } : {}) },
    valid,
    ...(extra.optional ? { optional: true } : {}),
  };
}

const field = (shape: Shape, valid: unknown, optional = false): Field => ({ shape, valid, optional });

const ruleFields = {
  direction: field({ kind: "enum", values: ["inbound", "outbound"] }, "inbound"),
  protocol: field({ kind: "enum", values: ["TCP", "UDP", "ICMP", "ALL"] }, "TCP"),
  fromPort: port(22),
  toPort: port(22),
  cidr: field({ kind: "cidr" }, "0.0.0.0/0"),
};
const rule = object(ruleFields);
const rules = (valid = [rule.valid]): Field => list(rule.shape, rule.valid, valid);

type Services = Pick<Connection, "vpc" | "securityGroup" | "keyPair" | "vm" | "disk" | "myImage" | "nlb">;

/** get, list, inventory, register, unregister and delete of a tracked resource type. */
function trackedReads(service: keyof Services, existing: string, inVpc: boolean): EntryPoint<Connection>[] {
  const nameOpts = inVpc ? vpcOpts : ownerOpts;
  const svc = (c: Connection) => c[service] as unknown as Record<string, (...a: unknown[]) => unknown>;
  const register = request({
    name: field(name, "chaos-adopted"),
    systemId: field(id, "chaos-id-1"),
    ...(inVpc ? { vpcName: field(name, undefined, true) } : {}),
  });
  return [
    { name: `${service}.get`, params: [nameParam("name", existing), nameOpts], call: (c, a) => svc(c).get?.(...a) },
    { name: `${service}.list`, params: [opts], call: (c, a) => svc(c).list?.(...a) },
    { name: `${service}.inventory`, params: [opts], call: (c, a) => svc(c).inventory?.(...a) },
    { name: `${service}.register`, params: [register, opts], call: (c, a) => svc(c).register?.(...a) },
    {
      name: `${service}.unregister`,
      params: [nameParam("name", existing), nameOpts],
      call: (c, a) => svc(c).unregister?.(...a),
    },
    {
      name: `${service}.delete`,
      params: [nameParam("name", existing), inVpc ? vpcOpts : opts],
      call: (c, a) => svc(c).delete?.(...a),
    },
  ];
}

/** The entry points of a Connection: every method of every service, and its own. */
export function connectionEntryPoints(b: Baseline, caps: DriverCapabilities): EntryPoint<Connection>[] {
  const tagsOn = (type: ResourceType): Field => tagsField(caps.tagResourceTypes.includes(type));
  const subnetFields = {
    name: field(name, "chaos-sub"),
    ipv4Cidr: field({ kind: "cidr" }, "10.0.9.0/24"),
    zone: field(text, undefined, true),
    tags: tagsOn("subnet"),
  };
  const vmRequest = request({
    name: field(name, "chaos-vm"),
    imageType: field({ kind: "enum", values: ["PublicImage", "MyImage"] }, undefined, true),
    image: field(id, b.image),
    specName: field(text, b.spec),
    vpcName: field(name, b.vpc),
    subnetName: field(name, b.subnet),
    securityGroupNames: list(name, b.securityGroup, [b.securityGroup], { nonEmpty: true }),
    keyPairName: field(name, b.keyPair, true),
    rootDiskType: field(text, undefined, true),
    rootDiskSizeGB: field({ kind: "int", min: 1, max: 65_536 }, undefined, true),
    dataDiskNames: list(name, b.disk, [], { optional: true }),
    vmUserId: field(
      { kind: "pattern", max: 32, bad: ["", "Root", "1user", "user name", "x".repeat(33), "__proto__x:"] },
      undefined,
      true,
    ),
    vmUserPassword: field({ kind: "explicit", bad: [...passwordBad] }, undefined, true),
    tags: tagsOn("vm"),
  });
  const resource = (resourceType: ResourceType, n: string): Param => ({
    label: "resource",
    valid: { resourceType, name: n },
    shape: {
      kind: "object",
      fields: {
        resourceType: field(
          { kind: "enum", values: ["vpc", "subnet", "securityGroup", "keyPair", "vm", "disk", "myImage", "nlb"] },
          resourceType,
        ),
        name: field(name, n),
        // Only subnets and security groups are named per VPC: for other types a VPC is refused.
        vpcName: field(
          { kind: "explicit", bad: [{ label: "a VPC for a VM", value: b.vpc, rule: "unknown-field" }] },
          undefined,
          true,
        ),
      },
    },
  });
  const vmResource = resource("vm", b.vm);
  const tagKey: Shape = { kind: "explicit", bad: [...tagKeyBad] };
  const healthChecker = object(
    {
      protocol: field({ kind: "enum", values: ["TCP", "HTTP", "HTTPS"] }, undefined, true),
      port: { ...port(80), valid: undefined, optional: true },
      intervalSec: field({ kind: "int", min: 1, max: 300 }, undefined, true),
      timeoutSec: field({ kind: "int", min: 1, max: 300 }, undefined, true),
      threshold: field({ kind: "int", min: 1, max: 10 }, undefined, true),
    },
    true,
  );
  const nlbProtocol = field({ kind: "enum", values: ["TCP", "UDP"] }, "TCP");
  return [
    // Catalog reads (generators) and single items.
    { name: "metadata.regionZones", params: [metaOpts], call: (c, a) => c.metadata.regionZones(...(a as [])) },
    { name: "metadata.images", params: [metaOpts], call: (c, a) => c.metadata.images(...(a as [])) },
    { name: "metadata.specs", params: [metaOpts], call: (c, a) => c.metadata.specs(...(a as [])) },
    { name: "metadata.prices", params: [metaOpts], call: (c, a) => c.metadata.prices(...(a as [])) },
    { name: "metadata.quotas", params: [opts], call: (c, a) => c.metadata.quotas(...(a as [])) },
    {
      name: "metadata.image",
      params: [{ label: "id", shape: id, valid: b.image }, metaOpts],
      call: (c, a) => c.metadata.image(...(a as [string])),
    },
    {
      name: "metadata.spec",
      params: [{ label: "name", shape: text, valid: b.spec }, metaOpts],
      call: (c, a) => c.metadata.spec(...(a as [string])),
    },

    // VPCs and subnets.
    ...trackedReads("vpc", b.vpc, false),
    {
      name: "vpc.create",
      params: [
        request({
          name: field(name, "chaos-net"),
          ipv4Cidr: field({ kind: "cidr" }, "10.9.0.0/16", !caps.quirks.vpcCidr),
          subnets: list(object(subnetFields).shape, { name: "chaos-sub", ipv4Cidr: "10.9.1.0/24" }, [
            { name: "chaos-sub", ipv4Cidr: "10.9.1.0/24" },
          ]),
          tags: tagsOn("vpc"),
        }),
        opts,
      ],
      call: (c, a) => c.vpc.create(...(a as [never])),
    },
    {
      name: "vpc.addSubnet",
      params: [nameParam("vpcName", b.vpc), { label: "subnet", ...object(subnetFields) }, opts],
      call: (c, a) => c.vpc.addSubnet(...(a as [string, never])),
    },
    {
      name: "vpc.removeSubnet",
      params: [nameParam("vpcName", b.vpc), nameParam("subnetName", b.subnet), opts],
      call: (c, a) => c.vpc.removeSubnet(...(a as [string, string])),
    },
    {
      name: "vpc.registerSubnet",
      params: [
        nameParam("vpcName", b.vpc),
        request({ name: field(name, "chaos-adopted"), systemId: field(id, "chaos-id-1") }),
        opts,
      ],
      call: (c, a) => c.vpc.registerSubnet(...(a as [string, never])),
    },
    {
      name: "vpc.unregisterSubnet",
      params: [nameParam("vpcName", b.vpc), nameParam("subnetName", b.subnet), opts],
      call: (c, a) => c.vpc.unregisterSubnet(...(a as [string, string])),
    },

    // Security groups.
    ...trackedReads("securityGroup", b.securityGroup, true),
    {
      name: "securityGroup.create",
      params: [
        request({
          name: field(name, "chaos-sg"),
          vpcName: field(name, b.vpc),
          rules: rules(),
          tags: tagsOn("securityGroup"),
        }),
        opts,
      ],
      call: (c, a) => c.securityGroup.create(...(a as [never])),
    },
    {
      name: "securityGroup.addRules",
      params: [nameParam("name", b.securityGroup), { label: "rules", ...rules() }, vpcOpts],
      call: (c, a) => c.securityGroup.addRules(...(a as [string, never])),
    },
    {
      name: "securityGroup.removeRules",
      params: [nameParam("name", b.securityGroup), { label: "rules", ...rules() }, vpcOpts],
      call: (c, a) => c.securityGroup.removeRules(...(a as [string, never])),
    },

    // Key pairs.
    ...trackedReads("keyPair", b.keyPair, false),
    {
      name: "keyPair.create",
      params: [request({ name: field(name, "chaos-key"), tags: tagsOn("keyPair") }), opts],
      call: (c, a) => c.keyPair.create(...(a as [never])),
    },

    // VMs.
    ...trackedReads("vm", b.vm, false),
    { name: "vm.create", params: [vmRequest, waitOpts], call: (c, a) => c.vm.create(...(a as [never])) },
    {
      name: "vm.getStatus",
      params: [nameParam("name", b.vm), opts],
      call: (c, a) => c.vm.getStatus(...(a as [string])),
    },
    { name: "vm.listStatus", params: [opts], call: (c, a) => c.vm.listStatus(...(a as [])) },
    {
      name: "vm.suspend",
      params: [nameParam("name", b.vm), waitOpts],
      call: (c, a) => c.vm.suspend(...(a as [string])),
    },
    { name: "vm.resume", params: [nameParam("name", b.vm), waitOpts], call: (c, a) => c.vm.resume(...(a as [string])) },
    { name: "vm.reboot", params: [nameParam("name", b.vm), waitOpts], call: (c, a) => c.vm.reboot(...(a as [string])) },

    // Disks.
    ...trackedReads("disk", b.disk, false),
    {
      name: "disk.create",
      params: [
        request({
          name: field(name, "chaos-disk"),
          zone: field(text, undefined, true),
          diskType: field(text, undefined, true),
          diskSizeGB: field({ kind: "int", min: 1, max: 65_536 }, 10, true),
          tags: tagsOn("disk"),
        }),
        waitOpts,
      ],
      call: (c, a) => c.disk.create(...(a as [never])),
    },
    {
      name: "disk.resize",
      params: [
        nameParam("name", b.disk),
        { label: "sizeGB", shape: { kind: "int", min: 1, max: 65_536 }, valid: 20 },
        opts,
      ],
      call: (c, a) => c.disk.resize(...(a as [string, number])),
    },
    {
      name: "disk.attach",
      params: [nameParam("name", b.disk), nameParam("vmName", b.vm), waitOpts],
      call: (c, a) => c.disk.attach(...(a as [string, string])),
    },
    {
      name: "disk.detach",
      params: [nameParam("name", b.disk), nameParam("vmName", b.vm), waitOpts],
      call: (c, a) => c.disk.detach(...(a as [string, string])),
    },

    // My-images.
    ...trackedReads("myImage", b.myImage, false),
    {
      name: "myImage.create",
      params: [
        request({ name: field(name, "chaos-img"), sourceVmName: field(name, b.vm), tags: tagsOn("myImage") }),
        waitOpts,
      ],
      call: (c, a) => c.myImage.create(...(a as [never])),
    },

    // Load balancers.
    ...trackedReads("nlb", b.nlb, false),
    {
      name: "nlb.create",
      params: [
        request({
          name: field(name, "chaos-lb"),
          vpcName: field(name, b.vpc),
          type: field({ kind: "enum", values: ["PUBLIC", "INTERNAL"] }, undefined, true),
          scope: field({ kind: "enum", values: ["REGION", "GLOBAL"] }, undefined, true),
          listener: object({ protocol: nlbProtocol, port: port(80) }),
          vmGroup: object({ protocol: nlbProtocol, port: port(80), vmNames: list(name, b.vm, [b.vm]) }),
          healthChecker,
          tags: tagsOn("nlb"),
        }),
        opts,
      ],
      call: (c, a) => c.nlb.create(...(a as [never])),
    },
    {
      name: "nlb.addVms",
      params: [nameParam("name", b.nlb), { label: "vmNames", ...list(name, b.vm, [b.vm], { nonEmpty: true }) }, opts],
      call: (c, a) => c.nlb.addVms(...(a as [string, string[]])),
    },
    {
      name: "nlb.removeVms",
      params: [nameParam("name", b.nlb), { label: "vmNames", ...list(name, b.vm, [b.vm], { nonEmpty: true }) }, opts],
      call: (c, a) => c.nlb.removeVms(...(a as [string, string[]])),
    },
    {
      name: "nlb.getHealth",
      params: [nameParam("name", b.nlb), opts],
      call: (c, a) => c.nlb.getHealth(...(a as [string])),
    },

    // Tags.
    {
      name: "tag.add",
      params: [
        vmResource,
        {
          label: "tag",
          valid: { key: "chaos", value: "v" },
          shape: {
            kind: "object",
            fields: { key: field(tagKey, "chaos"), value: field({ kind: "explicit", bad: [...tagValueBad] }, "v") },
          },
        },
        opts,
      ],
      call: (c, a) => c.tag.add(...(a as [never, never])),
    },
    { name: "tag.list", params: [vmResource, opts], call: (c, a) => c.tag.list(...(a as [never])) },
    {
      name: "tag.get",
      params: [vmResource, { label: "key", shape: tagKey, valid: "chaos" }, opts],
      call: (c, a) => c.tag.get(...(a as [never, string])),
    },
    {
      name: "tag.remove",
      params: [vmResource, { label: "key", shape: tagKey, valid: "chaos" }, opts],
      call: (c, a) => c.tag.remove(...(a as [never, string])),
    },
    {
      name: "tag.find",
      params: [
        { label: "resourceType", shape: { kind: "enum", values: ["vm", "all"] }, valid: "vm" },
        { label: "keyword", shape: { kind: "text", max: 256, blank: true }, valid: "chaos" },
        opts,
      ],
      call: (c, a) => c.tag.find(...(a as ["vm", string])),
    },

    // Orphans and the connection's own methods.
    { name: "orphans.list", params: [opts], call: (c, a) => c.orphans.list(...(a as [])) },
    { name: "orphans.release", params: [opts], call: (c, a) => c.orphans.release(...(a as [])) },
    { name: "connection.reconcile", params: [opts], call: (c, a) => c.reconcile(...(a as [])) },
    { name: "connection.regionCapabilities", params: [opts], call: (c, a) => c.regionCapabilities(...(a as [])) },
    { name: "connection.destroyAll", params: [opts], call: (c, a) => c.destroyAll(...(a as [])) },
  ];
}

const passwordBad: readonly ExplicitBad[] = [
  { label: "null", value: null },
  { label: "number", value: 5 },
  { label: "empty", value: "", rule: "password" },
  { label: "two lines", value: "pass\nword", rule: "password" },
  { label: "NUL", value: "pass\u0000word", rule: "password" },
  { label: "129 characters", value: "p".repeat(129), rule: "max-length" },
];

const tagKeyBad: readonly ExplicitBad[] = [
  { label: "null", value: null },
  { label: "number", value: 5 },
  { label: "object", value: {} },
  { label: "symbol", value: Symbol("chaos") },
  { label: "empty", value: "", rule: "tag-key" },
  { label: "129 characters", value: "k".repeat(129), rule: "tag-key" },
  { label: "a megabyte", value: "k".repeat(1_000_000), rule: "tag-key" },
];

const tagValueBad: readonly ExplicitBad[] = [
  { label: "null", value: null },
  { label: "number", value: 5 },
  { label: "NaN", value: Number.NaN },
  { label: "object", value: {} },
  { label: "257 characters", value: "v".repeat(257), rule: "tag-value" },
];

/** The entry points of an SDK instance (its registries), of MCIS create and of placement. */
export function globalEntryPoints(g: GlobalContext): EntryPoint<GlobalContext>[] {
  const provider: Shape = {
    kind: "explicit",
    bad: [
      { label: "null", value: null },
      { label: "number", value: 5 },
      { label: "unknown provider", value: "CHAOS", rule: "provider" },
      { label: "lower case", value: "mock", rule: "provider" },
      { label: "a megabyte", value: "M".repeat(1_000_000), rule: "provider" },
    ],
  };
  const credentialValues: Field = {
    shape: { kind: "dict", maxKeys: 32, keyMax: 128, valueMax: 16_384, keyRule: "key-length" },
    valid: { mockName: "chaos" },
  };
  const endpointBad: readonly ExplicitBad[] = [
    { label: "null", value: null },
    { label: "an array", value: [] },
    { label: "a number", value: 5 },
    { label: "not a URL", value: "not a url", rule: "url" },
    { label: "ftp URL", value: "ftp://example.com", rule: "url" },
    { label: "a Map", value: new Map([["ec2", "http://h"]]) },
    { label: "service URL a number", value: { ec2: 5 }, field: "endpoint.ec2", rule: "url" },
    { label: "unknown service", value: { s3: "http://h" }, field: "endpoint.s3", rule: "endpoint-service" },
    {
      label: "service __proto__",
      value: JSON.parse('{"__proto__":"http://h"}') as object,
      field: "endpoint.__proto__",
    },
  ];
  const labels: Field = {
    shape: { kind: "dict", maxKeys: 64, keyMax: 128, valueMax: 256, keyRule: "label-key" },
    optional: true,
    valid: { team: "chaos" },
  };
  const mcisId: Shape = {
    kind: "pattern",
    max: 24,
    bad: ["", "Web", "web_1", "web-", "1web", "x".repeat(25), "__proto__"],
  };
  const subGroup = object({
    name: field(mcisId, "g1"),
    connection: field(text, g.mcisConnection),
    specName: field(text, "mock-small"),
    image: field(text, "mock-ubuntu-2204-amd64"),
    size: field({ kind: "int", min: 1, max: 9_999 }, 1),
    keyPairName: field(text, undefined, true),
    rootDiskType: field(text, undefined, true),
    rootDiskSizeGB: field({ kind: "int", min: 1, max: 65_536 }, undefined, true),
    labels,
  });
  const mcisOptions = options({ onProgress: field({ kind: "function" }, undefined, true) });
  const count = (max: number, valid: number | undefined, optional = true): Field =>
    field({ kind: "int", min: 1, max }, valid, optional);
  const placementRequest: Param = {
    ...request({
      vmCount: count(9_999, 2, false),
      subGroupPrefix: field({ kind: "pattern", max: 19, bad: ["", "G", "1g", "g_1", "x".repeat(20)] }, undefined, true),
      spread: object(
        {
          minProviders: count(9_999, undefined),
          minRegions: count(9_999, undefined),
          maxPerSubGroup: count(9_999, undefined),
          balance: field({ kind: "enum", values: ["pack", "even"] }, undefined, true),
        },
        true,
      ),
      image: object(
        {
          os: field({ kind: "text", max: 256 }, undefined, true),
          platform: field({ kind: "enum", values: ["Linux/UNIX", "Windows", "NA"] }, undefined, true),
        },
        true,
      ),
      combine: field({ kind: "enum", values: ["lexicographic", "weighted"] }, undefined, true),
    }),
  };
  const placementShape = placementRequest.shape as Extract<Shape, { kind: "object" }>;
  const placementParam: Param = { ...placementRequest, shape: { ...placementShape, unknownAt: "request" } };
  const offers: Param = {
    label: "offers",
    valid: [],
    shape: {
      kind: "explicit",
      bad: [
        { label: "null", value: null },
        { label: "a string", value: "offers" },
        { label: "an object", value: {} },
      ],
    },
  };
  return [
    // Drivers (synchronous).
    {
      name: "drivers.register",
      sync: true,
      params: [
        {
          label: "driver",
          valid: g.barista.drivers.get(g.ruledDriver),
          shape: {
            kind: "explicit",
            bad: [
              { label: "null", value: null },
              { label: "a string", value: "aws" },
              { label: "an array", value: [] },
              { label: "no connect", value: { provider: "MOCK" }, field: "driver.connect" },
              {
                label: "unknown provider",
                value: { provider: "CHAOS", connect: () => undefined },
                field: "provider",
                rule: "provider",
              },
            ],
          },
        },
        {
          label: "options",
          optional: true,
          valid: { name: "chaos-driver" },
          shape: { kind: "object", fields: { name: field(name, "chaos-driver", true) } },
        },
      ],
      call: (c, a) => c.barista.drivers.register(...(a as [never])),
    },
    {
      name: "drivers.unregister",
      sync: true,
      params: [nameParam("name", "chaos-none")],
      call: (c, a) => c.barista.drivers.unregister(...(a as [string])),
    },
    {
      name: "drivers.get",
      sync: true,
      params: [nameParam("name", g.ruledDriver)],
      call: (c, a) => c.barista.drivers.get(...(a as [string])),
    },
    {
      name: "drivers.byProvider",
      sync: true,
      params: [{ label: "provider", shape: text, valid: "AWS" }],
      call: (c, a) => c.barista.drivers.byProvider(...(a as [string])),
    },

    // Credentials, regions and connection configs.
    {
      name: "credentials.add",
      params: [
        request({ name: field(name, "chaos-cred"), provider: field(provider, "MOCK"), values: credentialValues }),
      ],
      call: (c, a) => c.barista.credentials.add(...(a as [never])),
    },
    {
      name: "credentials.get",
      params: [nameParam("name", g.ruledCredential)],
      call: (c, a) => c.barista.credentials.get(...(a as [string])),
    },
    {
      name: "credentials.remove",
      params: [nameParam("name", g.ruledCredential)],
      call: (c, a) => c.barista.credentials.remove(...(a as [string])),
    },
    {
      name: "credentials.reveal",
      params: [nameParam("name", g.ruledCredential)],
      call: (c, a) => c.barista.credentials.reveal(...(a as [string])),
    },
    {
      name: "regions.add",
      params: [
        request({
          name: field(name, "chaos-region"),
          provider: field(provider, "AWS"),
          region: field(text, "us-east-1"),
          zone: field(text, undefined, true),
        }),
      ],
      call: (c, a) => c.barista.regions.add(...(a as [never])),
    },
    {
      name: "regions.get",
      params: [nameParam("name", g.ruledRegion)],
      call: (c, a) => c.barista.regions.get(...(a as [string])),
    },
    {
      name: "regions.remove",
      params: [nameParam("name", g.ruledRegion)],
      call: (c, a) => c.barista.regions.remove(...(a as [string])),
    },
    {
      name: "connections.add",
      params: [
        request({
          name: field(name, "chaos-conn"),
          driver: field(name, g.ruledDriver),
          credential: field(name, g.ruledCredential),
          region: field(name, g.ruledRegion),
          endpoint: field({ kind: "explicit", bad: endpointBad }, undefined, true),
          deriveCloudNames: flag,
        }),
      ],
      call: (c, a) => c.barista.connections.add(...(a as [never])),
    },
    {
      name: "connections.get",
      params: [nameParam("name", g.mcisConnection)],
      call: (c, a) => c.barista.connections.get(...(a as [string])),
    },
    {
      name: "connections.remove",
      params: [nameParam("name", g.mcisConnection), options({ force: flag })],
      call: (c, a) => c.barista.connections.remove(...(a as [string])),
    },
    {
      name: "connections.using",
      params: [
        { label: "field", shape: { kind: "enum", values: ["credential", "region"] }, valid: "credential" },
        nameParam("name", g.ruledCredential),
      ],
      call: (c, a) => c.barista.connections.using(...(a as ["credential", string])),
    },
    {
      name: "barista.connection",
      params: [nameParam("name", g.mcisConnection)],
      call: (c, a) => c.barista.connection(...(a as [string])),
    },

    // MCIS create and its dry run.
    {
      name: "mcis.create",
      params: [
        request({
          namespace: field(mcisId, "chaos"),
          name: field(mcisId, "web"),
          description: field({ kind: "text", max: 1024, blank: true }, undefined, true),
          labels,
          subGroups: {
            ...list(subGroup.shape, subGroup.valid, [subGroup.valid], { nonEmpty: true }),
            shape: { kind: "list", item: subGroup.shape, itemValid: subGroup.valid, max: 9_999, nonEmpty: true },
          },
          policy: field({ kind: "enum", values: ["continue", "rollback", "refine"] }, undefined, true),
          dryRun: flag,
        }),
        mcisOptions,
      ],
      call: (c, a) => c.mcis.create(...(a as [never])),
    },

    // Placement (pure functions: refusals are rejections of nothing, so they are synchronous).
    {
      name: "placement.planPlacement",
      sync: true,
      params: [offers, placementParam],
      call: (_c, a) => planPlacement(...(a as [never, never])),
    },
    {
      name: "placement.rankOffers",
      sync: true,
      params: [
        offers,
        {
          label: "request",
          optional: true,
          valid: {},
          shape: {
            kind: "object",
            flat: true,
            unknownAt: "request",
            fields: {
              combine: field({ kind: "enum", values: ["lexicographic", "weighted"] }, undefined, true),
            },
          },
        },
      ],
      call: (_c, a) => rankOffers(...(a as [never])),
    },
  ];
}

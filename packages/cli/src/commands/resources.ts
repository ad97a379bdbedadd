import { writeFileSync } from "node:fs";
import { collect, resourceTypes } from "@cloud-barista/core";
import type {
  Connection,
  DiskInfo,
  ImageInfo,
  KeyPairInfo,
  MyImageInfo,
  NlbInfo,
  PriceInfo,
  ResourceType,
  SecurityGroupInfo,
  SecurityRule,
  TagInfo,
  VmInfo,
  VmSpecInfo,
  VpcInfo,
} from "@cloud-barista/core";
import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { UsageError } from "../exit-codes.js";
import type { Column } from "../output.js";
import { readRequestFile } from "../request-file.js";
import type { CliAction } from "./action.js";
import { keyValues, repeatable } from "./action.js";

/** Runs work on one connection of the profile: `--connection`, else `CB_CONNECTION`. */
export async function onConnection<R>(
  ctx: CliContext,
  opts: { connection?: string },
  work: (conn: Connection) => Promise<R>,
): Promise<R> {
  const name = opts.connection ?? ctx.io.env.CB_CONNECTION;
  if (!name) throw new UsageError("give --connection NAME (or set CB_CONNECTION)");
  return ctx.withSession(async (session) => work(await session.connection(name)));
}

export function withConnection(command: Command): Command {
  return command.option("-c, --connection <name>", "the connection (default: $CB_CONNECTION)");
}

const name = (r: { iid: { nameId: string } }): string => r.iid.nameId;
const cloudId = (r: { iid: { systemId: string } }): string => r.iid.systemId;

export const columns = {
  image: [
    { header: "ID", value: (i: ImageInfo) => i.id },
    { header: "NAME", value: (i: ImageInfo) => i.name },
    { header: "OS", value: (i: ImageInfo) => `${i.osPlatform} ${i.osDistribution}` },
    { header: "ARCH", value: (i: ImageInfo) => i.osArchitecture },
    { header: "STATUS", value: (i: ImageInfo) => i.status },
  ] satisfies Column<ImageInfo>[],
  spec: [
    { header: "NAME", value: (s: VmSpecInfo) => s.name },
    { header: "VCPU", value: (s: VmSpecInfo) => s.vcpu.count },
    { header: "MEMORY MiB", value: (s: VmSpecInfo) => s.memorySizeMiB },
    { header: "ARCH", value: (s: VmSpecInfo) => s.architecture },
    { header: "GPUS", value: (s: VmSpecInfo) => s.gpus.map((g) => `${g.count}x ${g.model}`) },
  ] satisfies Column<VmSpecInfo>[],
  price: [
    { header: "SPEC", value: (p: PriceInfo) => p.specName },
    { header: "REGION", value: (p: PriceInfo) => p.region },
    { header: "ON DEMAND", value: (p: PriceInfo) => `${p.onDemand.price} ${p.onDemand.currency}/h` },
  ] satisfies Column<PriceInfo>[],
  vpc: [
    { header: "NAME", value: name },
    { header: "CLOUD ID", value: cloudId },
    { header: "CIDR", value: (v: VpcInfo) => v.ipv4Cidr },
    { header: "SUBNETS", value: (v: VpcInfo) => v.subnets.map((s) => `${s.iid.nameId} ${s.ipv4Cidr}`) },
  ] satisfies Column<VpcInfo>[],
  sg: [
    { header: "NAME", value: name },
    { header: "CLOUD ID", value: cloudId },
    { header: "VPC", value: (s: SecurityGroupInfo) => s.vpcIID.nameId },
    { header: "RULES", value: (s: SecurityGroupInfo) => s.rules.map(ruleText) },
  ] satisfies Column<SecurityGroupInfo>[],
  keypair: [
    { header: "NAME", value: name },
    { header: "CLOUD ID", value: cloudId },
    { header: "FINGERPRINT", value: (k: KeyPairInfo) => k.fingerprint },
    { header: "USER", value: (k: KeyPairInfo) => k.vmUserId },
  ] satisfies Column<KeyPairInfo>[],
  vm: [
    { header: "NAME", value: name },
    { header: "CLOUD ID", value: cloudId },
    { header: "STATUS", value: (v: VmInfo) => v.status },
    { header: "SPEC", value: (v: VmInfo) => v.specName },
    { header: "ZONE", value: (v: VmInfo) => v.region.zone },
    { header: "PUBLIC IP", value: (v: VmInfo) => v.publicIp },
    { header: "PRIVATE IP", value: (v: VmInfo) => v.privateIp },
  ] satisfies Column<VmInfo>[],
  disk: [
    { header: "NAME", value: name },
    { header: "CLOUD ID", value: cloudId },
    { header: "TYPE", value: (d: DiskInfo) => d.diskType },
    { header: "SIZE GB", value: (d: DiskInfo) => d.diskSizeGB },
    { header: "STATUS", value: (d: DiskInfo) => d.status },
    { header: "VM", value: (d: DiskInfo) => d.ownerVm?.nameId },
  ] satisfies Column<DiskInfo>[],
  myimage: [
    { header: "NAME", value: name },
    { header: "CLOUD ID", value: cloudId },
    { header: "SOURCE VM", value: (m: MyImageInfo) => m.sourceVmIID.nameId },
    { header: "STATUS", value: (m: MyImageInfo) => m.status },
  ] satisfies Column<MyImageInfo>[],
  nlb: [
    { header: "NAME", value: name },
    { header: "CLOUD ID", value: cloudId },
    { header: "VPC", value: (n: NlbInfo) => n.vpcIID.nameId },
    {
      header: "LISTENER",
      value: (n: NlbInfo) => `${n.listener.protocol}:${n.listener.port} ${n.listener.ip ?? n.listener.dnsName ?? ""}`,
    },
    { header: "VMS", value: (n: NlbInfo) => n.vmGroup.vms.map((v) => v.nameId) },
  ] satisfies Column<NlbInfo>[],
  tag: [
    { header: "KEY", value: (t: TagInfo) => t.key },
    { header: "VALUE", value: (t: TagInfo) => t.value },
  ] satisfies Column<TagInfo>[],
};

function ruleText(r: SecurityRule): string {
  const ports =
    r.fromPort === undefined ? "" : r.fromPort === r.toPort ? `:${r.fromPort}` : `:${r.fromPort}-${r.toPort}`;
  return `${r.direction} ${r.protocol}${ports} ${r.cidr}`;
}

/** `inbound,tcp,22,22,0.0.0.0/0` (ports may be omitted for ALL and ICMP). */
export function parseRule(text: string): SecurityRule {
  const [direction, protocol, from, to, cidr] = text.split(",");
  if (
    direction === undefined ||
    protocol === undefined ||
    (from !== undefined && cidr === undefined && to !== undefined)
  ) {
    throw new UsageError(`--rule must be DIRECTION,PROTOCOL,FROM,TO,CIDR or DIRECTION,PROTOCOL,CIDR, got "${text}"`);
  }
  if (to === undefined) {
    return { direction, protocol: protocol.toUpperCase(), cidr: from ?? "0.0.0.0/0" } as SecurityRule;
  }
  return {
    direction,
    protocol: protocol.toUpperCase(),
    fromPort: Number(from),
    toPort: Number(to),
    cidr: cidr ?? "0.0.0.0/0",
  } as SecurityRule;
}

/** `web=10.0.1.0/24` or `web=10.0.1.0/24@zone-a`. */
export function parseSubnet(text: string): { name: string; ipv4Cidr: string; zone?: string } {
  const match = /^([^=]+)=([^@]+)(?:@(.+))?$/.exec(text);
  if (!match) throw new UsageError(`--subnet must be NAME=CIDR or NAME=CIDR@ZONE, got "${text}"`);
  const [, subnet = "", cidr = "", zone] = match;
  return { name: subnet, ipv4Cidr: cidr, ...(zone === undefined ? {} : { zone }) };
}

export function positiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive whole number, got "${text}"`);
  return n;
}

export type ConnOpts = { connection?: string };
type Services = Pick<Connection, "vpc" | "securityGroup" | "keyPair" | "vm" | "disk" | "myImage" | "nlb">;

/** get, list and delete: the same for every tracked resource type. */
function commonVerbs<T>(
  group: Command,
  action: CliAction,
  service: (conn: Connection) => Services[keyof Services],
  cols: readonly Column<T>[],
  deleteOptions: (opts: Record<string, unknown>) => object = () => ({}),
): void {
  withConnection(
    group.command("list").description("list the tracked resources, as the cloud describes them now"),
  ).action(
    action(async (ctx, opts: ConnOpts) => {
      const items = await onConnection(ctx, opts, (conn) =>
        collect((service(conn) as unknown as { list(o: object): AsyncIterable<T> }).list({ abortSignal: ctx.signal })),
      );
      ctx.show(items, cols);
    }),
  );
  withConnection(group.command("get <name>").description("show one resource")).action(
    action(async (ctx, resource: string, opts: ConnOpts) => {
      const item = await onConnection(ctx, opts, (conn) =>
        (service(conn) as unknown as { get(n: string, o: object): Promise<T> }).get(resource, {
          abortSignal: ctx.signal,
        }),
      );
      ctx.show(item, cols);
    }),
  );
  withConnection(group.command("delete <name>").description("delete the resource in the cloud and stop tracking it"))
    .option("--vpc <name>", "the VPC (security groups of the same name in several VPCs)")
    .action(
      action(async (ctx, resource: string, opts: ConnOpts & { vpc?: string }) => {
        await onConnection(ctx, opts, (conn) =>
          (service(conn) as unknown as { delete(n: string, o: object): Promise<void> }).delete(resource, {
            abortSignal: ctx.signal,
            ...(opts.vpc === undefined ? {} : { vpcName: opts.vpc }),
            ...deleteOptions(opts),
          }),
        );
        ctx.note(`${group.name()} ${resource} deleted`);
      }),
    );
}

function catalogCommands(program: Command, action: CliAction): void {
  const lists = [
    ["image", "images the connection can start VMs from", (c: Connection) => c.metadata.images(), columns.image],
    ["spec", "VM specs (sizes) of the connection's region", (c: Connection) => c.metadata.specs(), columns.spec],
    ["price", "on-demand prices of the specs", (c: Connection) => c.metadata.prices(), columns.price],
  ] as const;
  for (const [command, description, read, cols] of lists) {
    const group = program.command(command).description(description);
    withConnection(group.command("list").description(`list ${description}`))
      .option("--limit <n>", "show at most n")
      .action(
        action(async (ctx, opts: ConnOpts & { limit?: string }) => {
          const limit = opts.limit === undefined ? Infinity : positiveInt("--limit", opts.limit);
          const items = await onConnection(ctx, opts, async (conn) => {
            const found: unknown[] = [];
            for await (const item of read(conn) as AsyncIterable<unknown>) {
              if (found.length >= limit) break;
              found.push(item);
            }
            return found;
          });
          ctx.show(items, cols as unknown as readonly Column<unknown>[]);
        }),
      );
  }
}

export function resourceCommands(program: Command, action: CliAction): void {
  catalogCommands(program, action);

  const vpc = program.command("vpc").description("VPCs and their subnets");
  withConnection(vpc.command("create <name>").description("create a VPC (flags, or the whole request in -f FILE)"))
    .option("--cidr <cidr>", "the VPC's IPv4 range")
    .option("--subnet <name=cidr[@zone]>", "a subnet (repeatable)", repeatable, [])
    .option("-f, --file <file>", "VpcRequest as YAML or JSON")
    .action(
      action(async (ctx, vpcName: string, opts: ConnOpts & { cidr?: string; subnet: string[]; file?: string }) => {
        const request = opts.file
          ? { ...readRequestFile(opts.file), name: vpcName }
          : { name: vpcName, ipv4Cidr: opts.cidr, subnets: opts.subnet.map(parseSubnet) };
        const info = await onConnection(ctx, opts, (conn) =>
          conn.vpc.create(request as never, { abortSignal: ctx.signal }),
        );
        ctx.show(info, columns.vpc);
      }),
    );
  commonVerbs(vpc, action, (c) => c.vpc, columns.vpc);

  const sg = program.command("sg").description("security groups");
  withConnection(sg.command("create <name>").description("create a security group"))
    .option("--vpc <name>", "the VPC it belongs to")
    .option(
      "--rule <direction,protocol,from,to,cidr>",
      "a rule, e.g. inbound,tcp,22,22,0.0.0.0/0 (repeatable)",
      repeatable,
      [],
    )
    .option("-f, --file <file>", "SecurityGroupRequest as YAML or JSON")
    .action(
      action(async (ctx, sgName: string, opts: ConnOpts & { vpc?: string; rule: string[]; file?: string }) => {
        const request = opts.file
          ? { ...readRequestFile(opts.file), name: sgName }
          : { name: sgName, vpcName: opts.vpc, rules: opts.rule.map(parseRule) };
        const info = await onConnection(ctx, opts, (conn) =>
          conn.securityGroup.create(request as never, { abortSignal: ctx.signal }),
        );
        ctx.show(info, columns.sg);
      }),
    );
  commonVerbs(sg, action, (c) => c.securityGroup, columns.sg);

  const keypair = program.command("keypair").description("SSH key pairs");
  withConnection(keypair.command("create <name>").description("create a key pair; the private key is shown once"))
    .option("--private-key-file <file>", "write the private key here (mode 0600) instead of printing it")
    .action(
      action(async (ctx, keyName: string, opts: ConnOpts & { privateKeyFile?: string }) => {
        const info = await onConnection(ctx, opts, (conn) =>
          conn.keyPair.create({ name: keyName }, { abortSignal: ctx.signal }),
        );
        if (opts.privateKeyFile !== undefined && info.privateKey !== undefined) {
          writeFileSync(opts.privateKeyFile, info.privateKey, { mode: 0o600, flag: "wx" });
          const { privateKey: _, ...rest } = info;
          ctx.show(rest, columns.keypair);
          ctx.note(`private key written to ${opts.privateKeyFile}`);
          return;
        }
        ctx.show(info, columns.keypair);
        if (ctx.format === "table" && info.privateKey !== undefined) ctx.out(info.privateKey.trimEnd());
      }),
    );
  commonVerbs(keypair, action, (c) => c.keyPair, columns.keypair);

  const vm = program.command("vm").description("virtual machines");
  withConnection(vm.command("create <name>").description("create a VM and wait until it runs"))
    .option("--image <image>", "image id or name")
    .option("--spec <spec>", "spec (size) name")
    .option("--vpc <vpc>", "VPC name")
    .option("--subnet <subnet>", "subnet name")
    .option("--sg <name>", "security group (repeatable)", repeatable, [])
    .option("--keypair <name>", "key pair name")
    .option("--root-disk-size <gb>", "root disk size in GB")
    .option("-f, --file <file>", "VmRequest as YAML or JSON")
    .option("--no-wait", "return once the cloud accepted the request")
    .action(
      action(
        async (
          ctx,
          vmName: string,
          opts: ConnOpts & {
            image?: string;
            spec?: string;
            vpc?: string;
            subnet?: string;
            sg: string[];
            keypair?: string;
            rootDiskSize?: string;
            file?: string;
            wait: boolean;
          },
        ) => {
          const request = opts.file
            ? { ...readRequestFile(opts.file), name: vmName }
            : {
                name: vmName,
                image: opts.image,
                specName: opts.spec,
                vpcName: opts.vpc,
                subnetName: opts.subnet,
                securityGroupNames: opts.sg,
                ...(opts.keypair === undefined ? {} : { keyPairName: opts.keypair }),
                ...(opts.rootDiskSize === undefined
                  ? {}
                  : { rootDiskSizeGB: positiveInt("--root-disk-size", opts.rootDiskSize) }),
              };
          const info = await onConnection(ctx, opts, (conn) =>
            conn.vm.create(request as never, { abortSignal: ctx.signal, wait: opts.wait }),
          );
          ctx.show(info, columns.vm);
        },
      ),
    );
  commonVerbs(vm, action, (c) => c.vm, columns.vm);
  withConnection(vm.command("status <name>").description("the VM's status")).action(
    action(async (ctx, vmName: string, opts: ConnOpts) => {
      const status = await onConnection(ctx, opts, (conn) => conn.vm.getStatus(vmName, { abortSignal: ctx.signal }));
      ctx.show({ name: vmName, status }, [
        { header: "NAME", value: (s) => s.name },
        { header: "STATUS", value: (s) => s.status },
      ]);
    }),
  );
  for (const verb of ["suspend", "resume", "reboot"] as const) {
    withConnection(vm.command(`${verb} <name>`).description(`${verb} the VM and wait for it`))
      .option("--no-wait", "return once the cloud accepted the request")
      .action(
        action(async (ctx, vmName: string, opts: ConnOpts & { wait: boolean }) => {
          const status = await onConnection(ctx, opts, (conn) =>
            conn.vm[verb](vmName, { abortSignal: ctx.signal, wait: opts.wait }),
          );
          ctx.show({ name: vmName, status }, [
            { header: "NAME", value: (s) => s.name },
            { header: "STATUS", value: (s) => s.status },
          ]);
        }),
      );
  }

  const disk = program.command("disk").description("data disks");
  withConnection(disk.command("create <name>").description("create a disk"))
    .option("--size <gb>", "size in GB")
    .option("--type <type>", "the cloud's disk type")
    .option("--zone <zone>", "zone (default: the connection's)")
    .option("-f, --file <file>", "DiskRequest as YAML or JSON")
    .action(
      action(
        async (
          ctx,
          diskName: string,
          opts: ConnOpts & { size?: string; type?: string; zone?: string; file?: string },
        ) => {
          const request = opts.file
            ? { ...readRequestFile(opts.file), name: diskName }
            : {
                name: diskName,
                ...(opts.size === undefined ? {} : { diskSizeGB: positiveInt("--size", opts.size) }),
                ...(opts.type === undefined ? {} : { diskType: opts.type }),
                ...(opts.zone === undefined ? {} : { zone: opts.zone }),
              };
          const info = await onConnection(ctx, opts, (conn) =>
            conn.disk.create(request as never, { abortSignal: ctx.signal }),
          );
          ctx.show(info, columns.disk);
        },
      ),
    );
  commonVerbs(disk, action, (c) => c.disk, columns.disk);
  for (const verb of ["attach", "detach"] as const) {
    withConnection(disk.command(`${verb} <name>`).description(`${verb} the disk`))
      .requiredOption("--vm <name>", "the VM")
      .action(
        action(async (ctx, diskName: string, opts: ConnOpts & { vm: string }) => {
          const info = await onConnection(ctx, opts, (conn) =>
            conn.disk[verb](diskName, opts.vm, { abortSignal: ctx.signal }),
          );
          ctx.show(info, columns.disk);
        }),
      );
  }

  const myimage = program.command("myimage").description("images made from VMs");
  withConnection(myimage.command("create <name>").description("make an image of a VM"))
    .requiredOption("--vm <name>", "the source VM")
    .action(
      action(async (ctx, imageName: string, opts: ConnOpts & { vm: string }) => {
        const info = await onConnection(ctx, opts, (conn) =>
          conn.myImage.create({ name: imageName, sourceVmName: opts.vm }, { abortSignal: ctx.signal }),
        );
        ctx.show(info, columns.myimage);
      }),
    );
  commonVerbs(myimage, action, (c) => c.myImage, columns.myimage);

  const nlb = program.command("nlb").description("network load balancers");
  withConnection(nlb.command("create <name>").description("create a load balancer from -f FILE (an NlbRequest)"))
    .requiredOption("-f, --file <file>", "NlbRequest as YAML or JSON")
    .action(
      action(async (ctx, nlbName: string, opts: ConnOpts & { file: string }) => {
        const request = { ...readRequestFile(opts.file), name: nlbName };
        const info = await onConnection(ctx, opts, (conn) =>
          conn.nlb.create(request as never, { abortSignal: ctx.signal }),
        );
        ctx.show(info, columns.nlb);
      }),
    );
  commonVerbs(nlb, action, (c) => c.nlb, columns.nlb);

  const tag = program.command("tag").description(`tags of a resource (types: ${resourceTypes.join(", ")})`);
  const target = (command: Command): Command =>
    withConnection(command)
      .requiredOption("--type <type>", "resource type")
      .requiredOption("--name <name>", "resource name")
      .option("--vpc <name>", "the VPC (subnets, and security groups named alike in several VPCs)");
  type TagOpts = ConnOpts & { type: string; name: string; vpc?: string };
  const resource = (opts: TagOpts) => {
    if (!(resourceTypes as readonly string[]).includes(opts.type)) {
      throw new UsageError(`--type must be one of ${resourceTypes.join(", ")}`);
    }
    return {
      resourceType: opts.type as ResourceType,
      name: opts.name,
      ...(opts.vpc === undefined ? {} : { vpcName: opts.vpc }),
    };
  };
  target(tag.command("add <key=value...>").description("add or replace tags")).action(
    action(async (ctx, pairs: string[], opts: TagOpts) => {
      const tags = Object.entries(keyValues("tag", pairs)).map(([key, value]) => ({ key, value }));
      const added = await onConnection(ctx, opts, async (conn) => {
        const done: TagInfo[] = [];
        for (const t of tags) done.push(await conn.tag.add(resource(opts), t, { abortSignal: ctx.signal }));
        return done;
      });
      ctx.show(added, columns.tag);
    }),
  );
  target(tag.command("list").description("list a resource's tags")).action(
    action(async (ctx, opts: TagOpts) => {
      ctx.show(
        await onConnection(ctx, opts, (conn) => conn.tag.list(resource(opts), { abortSignal: ctx.signal })),
        columns.tag,
      );
    }),
  );
  target(tag.command("remove <key>").description("remove a tag")).action(
    action(async (ctx, key: string, opts: TagOpts) => {
      await onConnection(ctx, opts, (conn) => conn.tag.remove(resource(opts), key, { abortSignal: ctx.signal }));
      ctx.note(`tag ${key} removed`);
    }),
  );

  withConnection(
    program
      .command("inventory")
      .description("compare what the connection tracks with what its cloud has, per resource type"),
  ).action(
    action(async (ctx, opts: ConnOpts) => {
      const rows = await onConnection(ctx, opts, async (conn) => {
        const services = {
          vpc: conn.vpc,
          securityGroup: conn.securityGroup,
          keyPair: conn.keyPair,
          vm: conn.vm,
          disk: conn.disk,
          myImage: conn.myImage,
          nlb: conn.nlb,
        };
        const found = [];
        for (const [type, service] of Object.entries(services)) {
          const inventory = await service.inventory({ abortSignal: ctx.signal });
          found.push({
            type,
            tracked: inventory.mapped.map((i) => i.nameId),
            onlyTracked: inventory.onlyTracked.map((i) => i.nameId),
            onlyInCloud: inventory.onlyInCloud.map((i) => i.systemId),
          });
        }
        return found;
      });
      ctx.show(rows, [
        { header: "TYPE", value: (r) => r.type },
        { header: "TRACKED", value: (r) => r.tracked },
        { header: "GONE FROM CLOUD", value: (r) => r.onlyTracked },
        { header: "UNTRACKED IN CLOUD", value: (r) => r.onlyInCloud },
      ]);
    }),
  );
}

import type { Connection } from "@cloud-barista/core";
import type { Command } from "commander";
import { UsageError } from "../exit-codes.js";
import type { Column } from "../output.js";
import type { CliAction } from "./action.js";
import { repeatable } from "./action.js";
import { columns, onConnection, parseRule, parseSubnet, positiveInt, withConnection } from "./resources.js";
import type { ConnOpts } from "./resources.js";

/** A command group made by resourceCommands (vpc, sg, ...). */
function group(program: Command, name: string): Command {
  const found = program.commands.find((c) => c.name() === name);
  if (!found) throw new Error(`no command group ${name}`);
  return found;
}

type Registrable = "vpc" | "securityGroup" | "keyPair" | "vm" | "disk" | "myImage" | "nlb";
const registrable: [command: string, service: Registrable, columns: readonly Column<never>[]][] = [
  ["vpc", "vpc", columns.vpc],
  ["sg", "securityGroup", columns.sg],
  ["keypair", "keyPair", columns.keypair],
  ["vm", "vm", columns.vm],
  ["disk", "disk", columns.disk],
  ["myimage", "myImage", columns.myimage],
  ["nlb", "nlb", columns.nlb],
] as never;

/**
 * Changes to existing resources (subnets, rules, disk size, NLB members) and adopting or
 * forgetting cloud resources (`register` / `unregister`), on the groups resourceCommands made.
 */
export function resourceChangeCommands(program: Command, action: CliAction): void {
  const vpc = group(program, "vpc");
  withConnection(vpc.command("add-subnet <vpc>").description("add a subnet to a VPC"))
    .requiredOption("--subnet <name=cidr[@zone]>", "the subnet")
    .action(
      action(async (ctx, vpcName: string, opts: ConnOpts & { subnet: string }) => {
        const info = await onConnection(ctx, opts, (conn) =>
          conn.vpc.addSubnet(vpcName, parseSubnet(opts.subnet), { abortSignal: ctx.signal }),
        );
        ctx.show(info, columns.vpc);
      }),
    );
  withConnection(vpc.command("remove-subnet <vpc> <subnet>").description("delete a subnet of a VPC")).action(
    action(async (ctx, vpcName: string, subnet: string, opts: ConnOpts) => {
      await onConnection(ctx, opts, (conn) => conn.vpc.removeSubnet(vpcName, subnet, { abortSignal: ctx.signal }));
      ctx.note(`subnet ${subnet} of ${vpcName} deleted`);
    }),
  );
  withConnection(vpc.command("register-subnet <vpc> <name>").description("track an existing subnet of a tracked VPC"))
    .requiredOption("--id <cloud-id>", "the subnet's id in the cloud")
    .action(
      action(async (ctx, vpcName: string, name: string, opts: ConnOpts & { id: string }) => {
        const info = await onConnection(ctx, opts, (conn) =>
          conn.vpc.registerSubnet(vpcName, { name, systemId: opts.id }, { abortSignal: ctx.signal }),
        );
        ctx.show(info, [
          { header: "NAME", value: (s) => s.iid.nameId },
          { header: "CLOUD ID", value: (s) => s.iid.systemId },
          { header: "CIDR", value: (s) => s.ipv4Cidr },
        ]);
      }),
    );
  withConnection(
    vpc.command("unregister-subnet <vpc> <name>").description("stop tracking a subnet (the cloud keeps it)"),
  ).action(
    action(async (ctx, vpcName: string, name: string, opts: ConnOpts) => {
      await onConnection(ctx, opts, (conn) => conn.vpc.unregisterSubnet(vpcName, name, { abortSignal: ctx.signal }));
      ctx.note(`subnet ${name} of ${vpcName} is no longer tracked (the cloud keeps it)`);
    }),
  );

  const sg = group(program, "sg");
  for (const verb of ["add-rules", "remove-rules"] as const) {
    withConnection(sg.command(`${verb} <name>`).description(`${verb === "add-rules" ? "add" : "remove"} rules`))
      .option("--vpc <name>", "the VPC (security groups of the same name in several VPCs)")
      .option("--rule <direction,protocol,from,to,cidr>", "a rule (repeatable; as for sg create)", repeatable, [])
      .action(
        action(async (ctx, sgName: string, opts: ConnOpts & { vpc?: string; rule: string[] }) => {
          if (opts.rule.length === 0) throw new UsageError("give at least one --rule");
          const rules = opts.rule.map(parseRule);
          const options = { abortSignal: ctx.signal, ...(opts.vpc === undefined ? {} : { vpcName: opts.vpc }) };
          if (verb === "add-rules") {
            ctx.show(
              await onConnection(ctx, opts, (conn) => conn.securityGroup.addRules(sgName, rules, options)),
              columns.sg,
            );
          } else {
            await onConnection(ctx, opts, (conn) => conn.securityGroup.removeRules(sgName, rules, options));
            ctx.note(`${rules.length} rule(s) removed from ${sgName}`);
          }
        }),
      );
  }

  withConnection(group(program, "disk").command("resize <name>").description("grow a disk"))
    .requiredOption("--size <gb>", "the new size in GB (larger than now)")
    .action(
      action(async (ctx, diskName: string, opts: ConnOpts & { size: string }) => {
        const info = await onConnection(ctx, opts, (conn) =>
          conn.disk.resize(diskName, positiveInt("--size", opts.size), { abortSignal: ctx.signal }),
        );
        ctx.show(info, columns.disk);
      }),
    );

  const nlb = group(program, "nlb");
  withConnection(nlb.command("add-vms <name> <vm...>").description("add VMs to the load balancer's group")).action(
    action(async (ctx, nlbName: string, vms: string[], opts: ConnOpts) => {
      const info = await onConnection(ctx, opts, (conn) => conn.nlb.addVms(nlbName, vms, { abortSignal: ctx.signal }));
      ctx.show(info, columns.nlb);
    }),
  );
  withConnection(
    nlb.command("remove-vms <name> <vm...>").description("remove VMs from the load balancer's group"),
  ).action(
    action(async (ctx, nlbName: string, vms: string[], opts: ConnOpts) => {
      await onConnection(ctx, opts, (conn) => conn.nlb.removeVms(nlbName, vms, { abortSignal: ctx.signal }));
      ctx.note(`${vms.join(", ")} removed from ${nlbName}`);
    }),
  );

  for (const [command, service, cols] of registrable) {
    const service_ = (conn: Connection) =>
      conn[service] as unknown as {
        register(request: object, options: object): Promise<never>;
        unregister(name: string, options: object): Promise<void>;
      };
    const register = withConnection(
      group(program, command)
        .command("register <name>")
        .description("track an existing cloud resource under a name (the cloud is only read)"),
    ).requiredOption("--id <cloud-id>", "the resource's id in the cloud");
    if (command === "sg") register.option("--vpc <name>", "the tracked VPC it is used in");
    register.action(
      action(async (ctx, name: string, opts: ConnOpts & { id: string; vpc?: string }) => {
        const request = { name, systemId: opts.id, ...(opts.vpc === undefined ? {} : { vpcName: opts.vpc }) };
        const info = await onConnection(ctx, opts, (conn) =>
          service_(conn).register(request, { abortSignal: ctx.signal }),
        );
        ctx.show(info, cols);
      }),
    );
    const unregister = withConnection(
      group(program, command).command("unregister <name>").description("stop tracking a resource; the cloud keeps it"),
    );
    if (command === "sg") unregister.option("--vpc <name>", "the VPC (security groups named alike in several VPCs)");
    unregister.action(
      action(async (ctx, name: string, opts: ConnOpts & { vpc?: string }) => {
        await onConnection(ctx, opts, (conn) =>
          service_(conn).unregister(name, {
            abortSignal: ctx.signal,
            ...(opts.vpc === undefined ? {} : { vpcName: opts.vpc }),
          }),
        );
        ctx.note(`${command} ${name} is no longer tracked (the cloud keeps it)`);
      }),
    );
  }
}

import type { PlacementPlan } from "@cloud-barista/mcis";

/** Prices to six significant digits: float sums print long tails otherwise. */
const money = (m: { amount: number; currency: string }): string => `${Number(m.amount.toPrecision(6))} ${m.currency}`;
import type { Command } from "commander";
import { UsageError } from "../exit-codes.js";
import { readRequestFile } from "../request-file.js";
import type { CliAction } from "./action.js";
import { repeatable } from "./action.js";

/** `cb place`: where VMs should go over every connection, with why (docs/placement.md). */
export function placeCommand(program: Command, action: CliAction): void {
  program
    .command("place")
    .description("recommend where to run VMs over every connection (a PlacementRequest in -f FILE, or --vms)")
    .option("-f, --file <file>", "PlacementRequest as YAML or JSON")
    .option("--vms <n>", "how many VMs")
    .option("--priority <metric>", "rank by this metric: cost, latency, performance, ... (repeatable)", repeatable, [])
    .action(
      action(async (ctx, opts: { file?: string; vms?: string; priority: string[] }) => {
        let request: Record<string, unknown>;
        if (opts.file !== undefined) request = readRequestFile(opts.file);
        else if (opts.vms !== undefined) {
          request = { vmCount: Number(opts.vms), priorities: opts.priority.map((metric) => ({ metric })) };
        } else throw new UsageError("give -f FILE or --vms N");
        const { loadCatalog, planPlacement } = await import("@cloud-barista/mcis");
        const plan: PlacementPlan = await ctx.withSession(async (session) => {
          await session.useConnections();
          const catalog = await loadCatalog(session.barista, { abortSignal: ctx.signal });
          return planPlacement(catalog.offers, request as never);
        });
        if (ctx.format !== "table") return ctx.show(plan, []);
        ctx.show(plan.subGroups, [
          { header: "SUB-GROUP", value: (g) => g.name },
          { header: "CONNECTION", value: (g) => g.offer.connection },
          { header: "SPEC", value: (g) => g.offer.specName },
          { header: "IMAGE", value: (g) => g.image.name },
          { header: "VMS", value: (g) => g.size },
          { header: "PER HOUR", value: (g) => g.hourlyCost && money(g.hourlyCost) },
          { header: "WHY", value: (g) => g.why },
        ]);
        const cost = plan.estimatedHourlyCost.converted;
        ctx.out(
          `${plan.placed}/${plan.vmCount} VMs placed from ${plan.matched} matching offers` +
            (cost ? `; about ${money(cost)} per hour` : "") +
            (plan.feasible ? "" : `; not feasible: ${plan.unmet.join("; ")}`),
        );
      }),
    );
}

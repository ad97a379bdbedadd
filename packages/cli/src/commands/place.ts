import type { PlacementPlan } from "@cloud-barista/mcis";

/** Prices to six significant digits: float sums print long tails otherwise. */
const money = (m: { amount: number; currency: string }): string => `${Number(m.amount.toPrecision(6))} ${m.currency}`;
import type { Command } from "commander";
import { UsageError } from "../exit-codes.js";
import { placementConnections } from "../placement-connections.js";
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
    .option("--connection <name>", "only this connection (repeatable)", repeatable, [])
    .option("--provider <provider>", "only this provider (repeatable)", repeatable, [])
    .action(
      action(
        async (
          ctx,
          opts: { file?: string; vms?: string; priority: string[]; connection: string[]; provider: string[] },
        ) => {
          let request: Record<string, unknown>;
          if (opts.file !== undefined) request = readRequestFile(opts.file);
          else if (opts.vms !== undefined) {
            const filter = {
              ...(opts.connection.length > 0 ? { connection: opts.connection } : {}),
              ...(opts.provider.length > 0 ? { provider: opts.provider.map((p) => p.toUpperCase()) } : {}),
            };
            request = {
              vmCount: Number(opts.vms),
              priorities: opts.priority.map((metric) => ({ metric })),
              ...(Object.keys(filter).length > 0 ? { filter } : {}),
            };
          } else throw new UsageError("give -f FILE or --vms N");
          const { loadCatalog, planPlacement } = await import("@cloud-barista/mcis");
          const plan: PlacementPlan = await ctx.withSession(async (session) => {
            // Only the connections the filter allows: their drivers load, their catalogs are read.
            const connections = await placementConnections(session.barista, request);
            await session.useConnections(connections);
            const catalog = await loadCatalog(session.barista, { connections, abortSignal: ctx.signal });
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
        },
      ),
    );
}

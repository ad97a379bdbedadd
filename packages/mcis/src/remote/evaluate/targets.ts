import { invalidArgument } from "@cloud-barista/core";
import type { ProviderName } from "@cloud-barista/core";
import type { EvaluationTarget } from "./evaluate.js";
import type { McisAccessInfo, McisInfo } from "../../model/types.js";
import { targetsOf } from "../target.js";
import type { TargetsOfOptions } from "../target.js";

/** Where a connection puts VMs; an SDK `Connection` fits. */
export interface ConnectionPlace {
  readonly provider: ProviderName;
  readonly region: string;
}

/**
 * The evaluation targets of an MCIS: each VM's SSH target (as `targetsOf` makes it) with its
 * sub-group's spec and its connection's provider and region. `places` names each connection's
 * place: a table, or a lookup such as `(name) => barista.connection(name)`.
 */
export async function evaluationTargets(
  mcis: Pick<McisInfo, "subGroups">,
  access: McisAccessInfo,
  places:
    Readonly<Record<string, ConnectionPlace>> | ((connection: string) => ConnectionPlace | Promise<ConnectionPlace>),
  options: TargetsOfOptions = {},
): Promise<EvaluationTarget[]> {
  const specOf = new Map(mcis.subGroups.map((g) => [g.name, g.specName]));
  const vms = new Map(access.subGroups.flatMap((g) => g.vms).map((vm) => [vm.vmId, vm]));
  const cache = new Map<string, Promise<ConnectionPlace>>();
  const placeOf = (connection: string): Promise<ConnectionPlace> => {
    let place = cache.get(connection);
    if (!place) {
      place = Promise.resolve(typeof places === "function" ? places(connection) : places[connection]).then((p) => {
        if (!p) throw invalidArgument(`places.${connection}`, "required", "no provider and region for the connection");
        return p;
      });
      cache.set(connection, place);
    }
    return place;
  };
  return Promise.all(
    targetsOf(access, options).map(async (target) => {
      const vm = vms.get(target.vmId);
      const specName = vm && specOf.get(vm.subGroup);
      if (!vm || specName === undefined)
        throw invalidArgument(`access.${target.vmId}`, "unknown-vm", "the MCIS has no sub-group for this VM");
      const place = await placeOf(vm.connection);
      return { target, spec: { provider: place.provider, region: place.region, specName } };
    }),
  );
}

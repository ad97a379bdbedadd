import type { ProviderName } from "@cloud-barista/core";
import type { CloudControl } from "@cloud-barista/core/testing";
import type { World } from "../world/world.js";

/**
 * The conformance suite's control over one account of an emulated cloud: faults and eventual
 * consistency through the world, and the native APIs the world served to that account from now on
 * (it wraps `world.call`, the gate every front and driver-mock call passes).
 */
export function worldControl(world: World, place: { provider: ProviderName; account: string }): CloudControl {
  const served: string[] = [];
  const call = world.call.bind(world);
  world.call = (target, fn, options) => {
    if (target.provider === place.provider && target.account === place.account) served.push(target.api);
    return call(target, fn, options);
  };
  return {
    fail({ api, kind, times, phase }) {
      const fault = world.faults.add({ ...place, api, kind, times: times ?? 1, phase });
      return {
        get fired() {
          return fault.fired;
        },
        remove: () => fault.remove(),
      };
    },
    setInvisibleAfterCreateMs(ms) {
      world.consistency.invisibleAfterCreateMs = ms;
    },
    servedApis: () => [...served],
  };
}

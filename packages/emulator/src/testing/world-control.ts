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
  const holds: { api: string; arrive: () => void; released: Promise<void> }[] = [];
  const call = world.call.bind(world);
  world.call = async (target, fn, options) => {
    if (target.provider === place.provider && target.account === place.account) {
      served.push(target.api);
      const at = holds.findIndex((h) => h.api === target.api);
      const held = holds.splice(at, at < 0 ? 0 : 1)[0];
      if (held) {
        held.arrive();
        await held.released;
      }
    }
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
    hold(api) {
      let arrive = (): void => undefined;
      let release = (): void => undefined;
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.push({ api, arrive, released });
      return { arrived, release };
    },
  };
}

import type { AccountRegion } from "../../../world/account-region.js";
import { isWorldError } from "../../../world/errors.js";
import type { World } from "../../../world/world.js";

/** How often a call waiting for a reboot looks again, on the world's clock. */
const pollMs = 1_000;

/**
 * EC2 keeps a rebooting instance "running" and accepts what a running instance accepts (stop,
 * reboot, attach a volume, create an image); the world refuses those while its VM is
 * "rebooting". A call that finds the VM rebooting therefore waits, on the world's clock, until
 * the reboot is over, as if EC2 had queued it.
 */
export async function afterReboot(world: World, cloud: AccountRegion, vmId: string): Promise<void> {
  for (;;) {
    let state: string;
    try {
      state = cloud.vms.get(vmId).state;
    } catch (error) {
      // The operation itself reports a missing VM in its own words.
      if (isWorldError(error, "NotFound")) return;
      throw error;
    }
    if (state !== "rebooting") return;
    await world.clock.sleep(pollMs);
  }
}

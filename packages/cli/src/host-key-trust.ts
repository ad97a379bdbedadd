import { BaristaError } from "@cloud-barista/core";
import type { Store } from "@cloud-barista/core";
import { storeHostKeys } from "@cloud-barista/mcis";
import type { HostKeyTrust } from "@cloud-barista/mcis";

/**
 * Host-key trust for `cb`: keys are pinned in the profile's store (so every run of the profile
 * trusts the same keys), but a key seen for the first time is pinned only when the user said so
 * with `--accept-new-host-keys`; otherwise the connection is refused, naming the fingerprint to
 * check. A changed key is always refused (the SDK's HostKeyMismatch).
 */
export function cliHostKeys(store: Store, acceptNew: boolean): HostKeyTrust {
  const pins = storeHostKeys(store);
  return {
    ...pins,
    async verify(vmId, host, port, key) {
      if (!acceptNew && (await pins.get(vmId, host, port)) === undefined) {
        throw new BaristaError(
          "PermissionDenied",
          `${vmId} (${host}:${port}): unknown host key ${key.fingerprint} (${key.algorithm}); if that is the VM's key, run again with --accept-new-host-keys to pin it`,
          { resourceType: "vm", resourceName: vmId },
        );
      }
      return pins.verify(vmId, host, port, key);
    },
  };
}

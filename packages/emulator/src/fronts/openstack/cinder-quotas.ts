import type { AccountRegion } from "../../world/account-region.js";
import { FrontError } from "./http.js";
import { projectQuotas } from "./quotas.js";
import type { ServiceCall } from "./service.js";

// Cinder reserves quota before it accepts a create or an extend, and refuses with 413 overLimit
// naming the exception (its quota errors are "safe", so the message reaches the client), with
// Retry-After: 0. The world would refuse too; checking first gives Cinder's words.

const overLimit = (exception: string, message: string): FrontError =>
  new FrontError(413, `${exception}: ${message}`, undefined, { "retry-after": "0" });

/** Refuses `volumes` more volumes or `gigabytes` more GB beyond the project's quotas. */
export function requireVolumeQuota(call: ServiceCall, cloud: AccountRegion, volumes: number, gigabytes: number): void {
  const { usage } = projectQuotas(call, cloud);
  const count = usage.disks;
  if (volumes > 0 && count.used + volumes > count.limit)
    throw overLimit(
      "VolumeLimitExceeded",
      `Maximum number of volumes allowed (${count.limit}) exceeded for quota 'volumes'.`,
    );
  const size = usage.diskTotalGB;
  if (size.used + gigabytes > size.limit)
    throw overLimit(
      "VolumeSizeExceedsAvailableQuota",
      `Requested volume or snapshot exceeds allowed gigabytes quota. Requested ${gigabytes}G, quota is ${size.limit}G and ${size.used}G has been consumed.`,
    );
}

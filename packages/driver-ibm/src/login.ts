import { cloudInit } from "@cloud-barista/core/driver";
import type { OsPlatform } from "@cloud-barista/core/driver";

/** How a new instance's login is set up: its `user_data`, and who logs in. */
export interface Login {
  user: string;
  platform: OsPlatform;
  /** The instance's `user_data` (cloud-config) that makes `user`; none for root. */
  userData: string | undefined;
}

/**
 * Who logs in and how. IBM's stock Linux images put the instance's keys on root, so "root" needs
 * no cloud-init; another user is made by cloud-init with the key pair's public key (and the
 * request's password). Windows: Administrator, whose password IBM encrypts with the key.
 */
export function loginOf(
  windows: boolean,
  request: { vmUserId?: string | undefined; vmUserPassword?: string | undefined },
  vmUser: string,
  publicKey: string | undefined,
): Login {
  if (windows) return { user: "Administrator", platform: "Windows", userData: undefined };
  const user = request.vmUserId ?? vmUser;
  if (user === "root" && request.vmUserPassword === undefined) {
    return { user, platform: "Linux/UNIX", userData: undefined };
  }
  const userData = cloudInit({ user, publicKey, password: request.vmUserPassword }, "text");
  return { user, platform: "Linux/UNIX", userData };
}

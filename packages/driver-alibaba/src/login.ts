import { cloudInit } from "@cloud-barista/core/driver";
import type { OsPlatform } from "@cloud-barista/core/driver";

/** How a new instance's login is set up: RunInstances' `Password` and `UserData`, and who logs in. */
export interface Login {
  user: string;
  platform: OsPlatform;
  /** RunInstances' Password: root's or Administrator's. */
  password: string | undefined;
  /** RunInstances' UserData (base64 cloud-config) that makes `user`. */
  userData: string | undefined;
}

/**
 * Who logs in and how. Windows: Administrator with the request's password. Linux: the requested
 * user (else the driver's `vmUser`) made by cloud-init with the key pair's public key and the
 * password, if any; "root" needs no cloud-init (Alibaba puts the key pair and the password on root).
 */
export function loginOf(
  image: { windows: boolean },
  request: { vmUserId?: string | undefined; vmUserPassword?: string | undefined },
  vmUser: string,
  publicKey: string | undefined,
): Login {
  const password = request.vmUserPassword;
  if (image.windows) return { user: "Administrator", platform: "Windows", password, userData: undefined };
  const user = request.vmUserId ?? vmUser;
  if (user === "root") return { user, platform: "Linux/UNIX", password, userData: undefined };
  const userData = cloudInit({ user, publicKey, password }, "base64");
  return { user, platform: "Linux/UNIX", password: undefined, userData };
}

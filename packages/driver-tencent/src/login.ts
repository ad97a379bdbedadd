import { cloudInit } from "@cloud-barista/core/driver";
import type { OsPlatform } from "@cloud-barista/core/driver";

/** How a new instance's login is set up: RunInstances' `LoginSettings` and `UserData`, and who logs in. */
export interface Login {
  user: string;
  platform: OsPlatform;
  /** RunInstances' LoginSettings: a password or key ids (Tencent takes one or the other). */
  loginSettings: { Password?: string; KeyIds?: string[] } | undefined;
  /** RunInstances' UserData (base64 cloud-config) that makes `user`. */
  userData: string | undefined;
}

/**
 * Who logs in and how. Windows: Administrator with the request's password (Tencent puts no key
 * on Windows). Linux: the key pair on the image's own user (Tencent's LoginSettings.KeyIds), and
 * the requested user (else the driver's `vmUser`) made by cloud-init with the key's public half
 * and the password, if any; "root" needs no cloud-init. Without a key pair, the password is the
 * image user's.
 */
export function loginOf(
  image: { windows: boolean },
  request: { vmUserId?: string | undefined; vmUserPassword?: string | undefined; keyId?: string | undefined },
  vmUser: string,
  publicKey: string | undefined,
): Login {
  const password = request.vmUserPassword;
  if (image.windows) {
    return {
      user: "Administrator",
      platform: "Windows",
      loginSettings: password ? { Password: password } : undefined,
      userData: undefined,
    };
  }
  const user = request.vmUserId ?? vmUser;
  const keys = request.keyId ? { KeyIds: [request.keyId] } : password ? { Password: password } : undefined;
  if (user === "root") return { user, platform: "Linux/UNIX", loginSettings: keys, userData: undefined };
  const userData = cloudInit({ user, publicKey, password }, "base64");
  return { user, platform: "Linux/UNIX", loginSettings: keys, userData };
}

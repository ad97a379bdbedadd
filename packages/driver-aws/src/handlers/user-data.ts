import { BaristaError } from "@cloud-barista/core";

const linuxUserName = /^[a-z_][a-z0-9_-]{0,31}$/;

/**
 * Cloud-init user data (base64, as RunInstances takes it) that creates `user` with passwordless
 * sudo and the key pair's public key, so every Linux VM is reached the same way whatever the
 * image's own default user is. The image's default user keeps working too.
 */
export function loginUserData(user: string, publicKey: string): string {
  if (!linuxUserName.test(user)) {
    throw new BaristaError("InvalidArgument", `vmUserId: "${user}" is not a valid Linux user name`, {
      provider: "AWS",
      field: "vmUserId",
      rule: "linux-user",
    });
  }
  const config = [
    "#cloud-config",
    "users:",
    "  - default",
    `  - name: ${user}`,
    "    shell: /bin/bash",
    "    sudo: ALL=(ALL) NOPASSWD:ALL",
    "    ssh_authorized_keys:",
    `      - ${JSON.stringify(publicKey.trim())}`,
    "",
  ].join("\n");
  return Buffer.from(config, "utf8").toString("base64");
}

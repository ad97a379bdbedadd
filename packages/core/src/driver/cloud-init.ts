import { invalidArgument } from "../errors.js";

/** The login a VM is given at first boot (see `cloudInit`). */
export interface LoginSetup {
  /** The Linux user to create (`vmUserId`), with passwordless sudo and bash. */
  user: string;
  /** An OpenSSH public key line ("ssh-ed25519 AAAA... comment") the user logs in with. */
  publicKey?: string | undefined;
  /** A password the user may log in with over SSH; prefer a key. */
  password?: string | undefined;
}

const linuxUserName = /^[a-z_][a-z0-9_-]{0,31}$/;
const publicKeyLine = /^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/=]+( [^\r\n]*)?$/;

/**
 * The cloud-config (text; base64 it where the cloud wants that) that creates the login user every
 * driver gives Linux VMs, whatever the image's own default user is; that user keeps working too.
 * Every user string is checked, then written as a quoted YAML scalar, so none can add keys or
 * commands to the config. Most clouds take user data base64-encoded.
 */
export function cloudInit(setup: LoginSetup, encoding: "text" | "base64" = "text"): string {
  if (typeof setup.user !== "string" || !linuxUserName.test(setup.user)) {
    throw invalidArgument("vmUserId", "linux-user", `"${String(setup.user)}" is not a valid Linux user name`);
  }
  const quote = (text: string): string => JSON.stringify(text);
  const lines = ["#cloud-config", "users:", "  - default", `  - name: ${quote(setup.user)}`, "    shell: /bin/bash"];
  lines.push("    sudo: ALL=(ALL) NOPASSWD:ALL");
  if (setup.publicKey !== undefined) {
    const key = setup.publicKey.trim();
    if (!publicKeyLine.test(key))
      throw invalidArgument("keyPair.publicKey", "openssh-public-key", "is not one OpenSSH public key line");
    lines.push("    ssh_authorized_keys:", `      - ${quote(key)}`);
  }
  if (setup.password !== undefined) {
    if (setup.password === "" || /[\0\r\n]/.test(setup.password)) {
      throw invalidArgument("vmUserPassword", "password", "must be one non-empty line");
    }
    lines.push("    lock_passwd: false", `    plain_text_passwd: ${quote(setup.password)}`, "ssh_pwauth: true");
  }
  const text = `${lines.join("\n")}\n`;
  return encoding === "base64" ? Buffer.from(text, "utf8").toString("base64") : text;
}

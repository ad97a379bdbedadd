import { describe, expect, it } from "vitest";
import { cloudInit } from "./cloud-init.js";

const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0 me@host";

describe("cloudInit", () => {
  it("creates the login user with sudo and the key, quoting every value", () => {
    expect(cloudInit({ user: "cb-user", publicKey: `${key}\n` })).toBe(
      [
        "#cloud-config",
        "users:",
        "  - default",
        '  - name: "cb-user"',
        "    shell: /bin/bash",
        "    sudo: ALL=(ALL) NOPASSWD:ALL",
        "    ssh_authorized_keys:",
        `      - "${key}"`,
        "",
      ].join("\n"),
    );
  });

  it("allows a password login only when a password is given, quoted", () => {
    const text = cloudInit({ user: "admin", password: 'p"w: #x' });
    expect(text).toContain('    plain_text_passwd: "p\\"w: #x"');
    expect(text).toContain("ssh_pwauth: true");
    expect(cloudInit({ user: "admin" })).not.toContain("ssh_pwauth");
  });

  it("refuses user strings that could change the config, naming the field", () => {
    expect(() => cloudInit({ user: "root\n  - name: evil" })).toThrow(
      expect.objectContaining({ field: "vmUserId", rule: "linux-user" }),
    );
    expect(() => cloudInit({ user: "Admin" })).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
    expect(() => cloudInit({ user: "u", publicKey: `${key}\nruncmd: [reboot]` })).toThrow(
      expect.objectContaining({ field: "keyPair.publicKey" }),
    );
    expect(() => cloudInit({ user: "u", password: "a\nb" })).toThrow(
      expect.objectContaining({ field: "vmUserPassword" }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { loginOf } from "./login.js";

const key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 test";
const text = (base64: string | undefined) => Buffer.from(base64 ?? "", "base64").toString("utf8");

describe("loginOf", () => {
  it("makes the driver's user with the key pair's key on Linux, and leaves root's password unset", () => {
    const login = loginOf({ windows: false }, {}, "cb-user", key);
    expect([login.user, login.platform, login.password]).toEqual(["cb-user", "Linux/UNIX", undefined]);
    expect(text(login.userData)).toContain('name: "cb-user"');
    expect(text(login.userData)).toContain(JSON.stringify(key));
  });

  it("puts the requested user's password in cloud-init, not on root", () => {
    const login = loginOf({ windows: false }, { vmUserId: "ops", vmUserPassword: "Pa55word!" }, "cb-user", key);
    expect([login.user, login.password]).toEqual(["ops", undefined]);
    expect(text(login.userData)).toContain('plain_text_passwd: "Pa55word!"');
  });

  it("needs no cloud-init for root, whose key and password Alibaba sets", () => {
    expect(loginOf({ windows: false }, { vmUserId: "root", vmUserPassword: "Pa55word!" }, "cb-user", key)).toEqual({
      user: "root",
      platform: "Linux/UNIX",
      password: "Pa55word!",
      userData: undefined,
    });
  });

  it("logs Windows in as Administrator with the password", () => {
    expect(loginOf({ windows: true }, { vmUserPassword: "Pa55word!" }, "cb-user", key)).toEqual({
      user: "Administrator",
      platform: "Windows",
      password: "Pa55word!",
      userData: undefined,
    });
  });
});

import { describe, expect, it } from "vitest";
import { loginOf } from "./login.js";

const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

describe("loginOf", () => {
  it("puts the key pair on the image's user and makes the login user with cloud-init", () => {
    const login = loginOf({ windows: false }, { keyId: "skey-1" }, "cb-user", publicKey);
    expect([login.user, login.loginSettings]).toEqual(["cb-user", { KeyIds: ["skey-1"] }]);
    const config = Buffer.from(login.userData ?? "", "base64").toString();
    expect(config).toContain('name: "cb-user"');
    expect(config).toContain(publicKey);
  });

  it("makes no user for root, and gives the password where there is no key (Tencent takes one or the other)", () => {
    expect(loginOf({ windows: false }, { keyId: "skey-1", vmUserId: "root" }, "cb-user", publicKey)).toMatchObject({
      user: "root",
      userData: undefined,
      loginSettings: { KeyIds: ["skey-1"] },
    });
    expect(loginOf({ windows: false }, { vmUserPassword: "Pa55word!x" }, "cb-user", undefined).loginSettings).toEqual({
      Password: "Pa55word!x",
    });
  });

  it("logs Windows in as Administrator with the password, never a key", () => {
    expect(
      loginOf({ windows: true }, { keyId: "skey-1", vmUserPassword: "Pa55word!x12" }, "cb-user", publicKey),
    ).toEqual({
      user: "Administrator",
      platform: "Windows",
      loginSettings: { Password: "Pa55word!x12" },
      userData: undefined,
    });
  });
});

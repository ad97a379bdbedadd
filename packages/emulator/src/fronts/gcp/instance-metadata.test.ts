import { describe, expect, it } from "vitest";
import { isGcpError } from "./errors.js";
import { checkLabels, checkMetadataItems, checkNetworkTags, sshUserOf } from "./instance-metadata.js";

function refusal(fn: () => unknown): { status: number; reason: string } {
  try {
    fn();
  } catch (error) {
    if (isGcpError(error)) return { status: error.status, reason: error.reason };
    throw error;
  }
  return expect.unreachable("expected a refusal");
}

describe("instance metadata, labels and tags", () => {
  it("keeps metadata items in order and refuses bad or repeated keys", () => {
    const items = [
      { key: "ssh-keys", value: "alice:ssh-ed25519 AAAA alice" },
      { key: "enable-oslogin", value: "FALSE" },
    ];
    expect(checkMetadataItems(items, "metadata.items")).toEqual(items);
    expect(checkMetadataItems([{ key: "empty" }], "m")).toEqual([{ key: "empty", value: "" }]);
    expect(refusal(() => checkMetadataItems([{ key: "a b", value: "" }], "m"))).toEqual({
      status: 400,
      reason: "invalid",
    });
    expect(refusal(() => checkMetadataItems([{ key: "a" }, { key: "a" }], "m")).reason).toBe("invalid");
    expect(refusal(() => checkMetadataItems([{ key: "big", value: "x".repeat(600_000) }], "m")).reason).toBe("invalid");
  });

  it("takes labels by Google's character rules", () => {
    expect(checkLabels({ env: "prod", team_1: "", "x-y": "a-b_c" }, "labels")).toEqual({
      env: "prod",
      team_1: "",
      "x-y": "a-b_c",
    });
    expect(refusal(() => checkLabels({ Env: "prod" }, "labels")).reason).toBe("invalid");
    expect(refusal(() => checkLabels({ env: "Prod" }, "labels")).reason).toBe("invalid");
    expect(refusal(() => checkLabels({ "1env": "x" }, "labels")).reason).toBe("invalid");
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    expect(refusal(() => checkLabels(many, "labels")).reason).toBe("invalid");
  });

  it("keeps network tags once each and refuses names outside RFC 1035", () => {
    expect(checkNetworkTags(["web", "ssh", "web"], "tags.items")).toEqual(["web", "ssh"]);
    expect(refusal(() => checkNetworkTags(["Web"], "tags.items")).reason).toBe("invalid");
    expect(refusal(() => checkNetworkTags(["web-"], "tags.items")).reason).toBe("invalid");
  });

  it("reads the login user from the first ssh-keys line", () => {
    expect(sshUserOf([{ key: "ssh-keys", value: "\ncb-user:ssh-ed25519 AAAA cb-user\nbob:ssh-rsa AAAA bob" }])).toBe(
      "cb-user",
    );
    expect(sshUserOf([{ key: "startup-script", value: "echo" }])).toBeUndefined();
  });
});

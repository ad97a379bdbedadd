import { describe, expect, it } from "vitest";
import { keyPairInfoOf } from "./key-pair.js";

describe("key pairs as DescribeKeyPairs answers them", () => {
  it("trim the whitespace some answers put around fingerprints and public keys", () => {
    const info = keyPairInfoOf(
      {
        KeyName: "ops",
        KeyPairId: "key-0123456789abcdef0",
        KeyType: "rsa",
        KeyFingerprint: "  1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f\n",
        PublicKey: "ssh-rsa AAAAB3NzaC1yc2E ops\n",
        Tags: [{ Key: "Name", Value: "ops" }],
      },
      "cb-user",
    );
    expect(info.fingerprint).toBe("1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca:9f:f5:f1:6f");
    expect(info.publicKey).toBe("ssh-rsa AAAAB3NzaC1yc2E ops");
    expect(info.tags).toEqual({});
  });
});

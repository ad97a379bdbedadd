import { describe, expect, it } from "vitest";
import { cloudKeyName, keyNameOf, keyNamePattern, keyNameTagKey, needsMapping } from "./key-name.js";

describe("key pair names and Tencent's 25-character [A-Za-z0-9_] rule", () => {
  it("keeps a name Tencent takes as it is", () => {
    for (const name of ["key", "web_key_1", "A".repeat(25)]) {
      expect(cloudKeyName(name)).toBe(name);
      expect(needsMapping(name)).toBe(false);
    }
  });

  it("maps longer names and other characters to names Tencent takes, the same way every time", () => {
    const names = [
      "my-key",
      "key.pair",
      "a".repeat(26),
      "team-web-servers-production-key-2026",
      "키",
      "--",
      "__proto__x",
    ];
    const mapped = names.map(cloudKeyName);
    for (const [i, name] of names.entries()) {
      expect(mapped[i], name).toMatch(keyNamePattern);
      expect(cloudKeyName(name)).toBe(mapped[i]);
    }
    expect(cloudKeyName("my-key")).toMatch(/^my_key_[0-9a-f]{6}$/);
    // Names that differ only in what the rule drops map apart.
    expect(cloudKeyName("my-key")).not.toBe(cloudKeyName("my.key"));
    expect(new Set(mapped).size).toBe(names.length);
  });

  it("round-trips a mapped name through the tag the driver keeps", () => {
    const name = "team-web-servers-production-key-2026";
    const keyName = cloudKeyName(name);
    expect(keyNameOf(keyName, { [keyNameTagKey]: name })).toBe(name);
    expect(keyNameOf("plain_key", undefined)).toBe("plain_key");
    // A tag that does not map to this KeyName (copied by hand to another key) is not its name.
    expect(keyNameOf("other_key", { [keyNameTagKey]: name })).toBe("other_key");
  });
});

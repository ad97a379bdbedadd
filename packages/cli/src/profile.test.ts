import { mkdtempSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encryptionKey } from "./encryption-key.js";
import { cliPaths } from "./paths.js";
import { profileFiles, profileName, readProfiles, updateProfile } from "./profile.js";
import { credentialEnvName, credentialValuesFromEnv } from "./secrets.js";

describe("profiles", () => {
  it("follows the XDG directories and ignores relative ones", () => {
    const paths = cliPaths({ HOME: "/home/u", XDG_CONFIG_HOME: "/cfg", XDG_DATA_HOME: "rel" });
    expect(paths.configDir).toBe("/cfg/cloud-barista");
    expect(paths.dataDir).toBe("/home/u/.local/share/cloud-barista");
    expect(paths.profilesFile).toBe("/cfg/cloud-barista/profiles.yaml");
    expect(cliPaths({ HOME: "/h", CB_CONFIG: "/x.yaml" }).profilesFile).toBe("/x.yaml");
  });

  it("picks --profile, then CB_PROFILE, then default", () => {
    expect(profileName("a", { CB_PROFILE: "b" })).toBe("a");
    expect(profileName(undefined, { CB_PROFILE: "b" })).toBe("b");
    expect(profileName(undefined, {})).toBe("default");
    expect(() => profileName("../x", {})).toThrow(/profile name/);
  });

  it("keeps profiles in a file only its owner reads, with the store in the data directory", () => {
    const home = mkdtempSync(join(tmpdir(), "cb-profile-"));
    const paths = cliPaths({ HOME: home });
    updateProfile(paths, "p", (p) => ({ ...p, drivers: [{ name: "aws", provider: "AWS" }] }));
    expect(readProfiles(paths).profiles.p?.drivers).toEqual([{ name: "aws", provider: "AWS" }]);
    expect(statSync(paths.profilesFile).mode & 0o777).toBe(0o600);
    expect(profileFiles(paths, "p", {}).store).toBe(join(home, ".local/share/cloud-barista/p.db"));
  });

  it("makes a 0600 key file once, prefers CB_ENCRYPTION_KEY and refuses a key others can read", () => {
    const dir = mkdtempSync(join(tmpdir(), "cb-key-"));
    const file = join(dir, "sub", "k.key");
    const key = encryptionKey(file, {});
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(encryptionKey(file, {})).toBe(key);
    expect(encryptionKey(file, { CB_ENCRYPTION_KEY: "other" })).toBe("other");
    const open = join(dir, "open.key");
    writeFileSync(open, key);
    chmodSync(open, 0o644);
    expect(() => encryptionKey(open, {})).toThrow(/readable by others/);
  });

  it("reads credential values from CB_CRED_ variables", () => {
    expect(credentialEnvName("accessKeyId")).toBe("CB_CRED_ACCESS_KEY_ID");
    const keys = { required: ["accessKeyId"], optional: ["sessionToken"] };
    expect(credentialValuesFromEnv(keys, { CB_CRED_ACCESS_KEY_ID: "a" })).toEqual({ accessKeyId: "a" });
    expect(() => credentialValuesFromEnv(keys, {})).toThrow(/CB_CRED_ACCESS_KEY_ID is not set/);
  });
});

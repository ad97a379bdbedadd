import { describe, expect, it } from "vitest";
import { UsageError } from "./exit-codes.js";
import { endpointMap, parseHostPort, parseJumpHost } from "./ssh-addresses.js";

describe("remote target flags", () => {
  it("parses HOST:PORT, bracketed IPv6 included, and refuses the rest", () => {
    expect(parseHostPort("127.0.0.1:2222", "x")).toEqual({ host: "127.0.0.1", port: 2222 });
    expect(parseHostPort("[::1]:22", "x")).toEqual({ host: "::1", port: 22 });
    for (const bad of ["host", "host:", "host:0", "host:70000", "::1:22"]) {
      expect(() => parseHostPort(bad, "x")).toThrow(UsageError);
    }
  });

  it("parses a jump host with its user and an optional port", () => {
    expect(parseJumpHost("ops@bastion.example")).toEqual({
      vmId: "jump:bastion.example",
      host: "bastion.example",
      port: 22,
      user: "ops",
    });
    expect(parseJumpHost("ops@10.0.0.1:2200")).toMatchObject({ host: "10.0.0.1", port: 2200 });
    expect(() => parseJumpHost("bastion")).toThrow(UsageError);
    expect(() => parseJumpHost("ops@")).toThrow(UsageError);
  });

  it("lets --endpoint win over the profile's endpoints", () => {
    const map = endpointMap({ "54.1.2.3": "127.0.0.1:40022", "54.1.2.4": "127.0.0.1:40023" }, [
      "54.1.2.3=127.0.0.2:40100",
    ]);
    expect(Object.fromEntries(map)).toEqual({
      "54.1.2.3": { host: "127.0.0.2", port: 40100 },
      "54.1.2.4": { host: "127.0.0.1", port: 40023 },
    });
    expect(() => endpointMap({}, ["54.1.2.3"])).toThrow(/IP=HOST:PORT/);
  });
});

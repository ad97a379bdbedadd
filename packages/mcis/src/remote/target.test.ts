import { describe, expect, it } from "vitest";
import type { McisAccessInfo, VmAccessInfo } from "../model/types.js";
import { targetsOf } from "./target.js";

const vm = (vmId: string, subGroup: string, extra: Partial<VmAccessInfo> = {}): VmAccessInfo => ({
  vmId,
  subGroup,
  connection: "c",
  status: "Running",
  keyPair: { connection: "c", name: "k" },
  ...extra,
});

const access: McisAccessInfo = {
  namespace: "ns",
  name: "m",
  subGroups: [
    { name: "web", vms: [vm("web-1", "web", { publicIp: "1.2.3.4", privateIp: "10.0.0.1", user: "cb-user" })] },
    { name: "db", vms: [vm("db-1", "db", { publicIp: "1.2.3.5", privateIp: "10.0.0.2", sshPort: 2222 })] },
  ],
};

describe("targetsOf", () => {
  it("uses public IPs and SSH ports, and the VM's own user when the caller names none", () => {
    expect(targetsOf([vm("web-1", "web", { publicIp: "1.2.3.4", user: "cb-user" })])).toEqual([
      { vmId: "web-1", host: "1.2.3.4", port: 22, user: "cb-user" },
    ]);
  });

  it("logs in as options.user over the access info's user, and as userFor(vm) over both", () => {
    expect(targetsOf(access, { user: "ubuntu" })).toEqual([
      { vmId: "web-1", host: "1.2.3.4", port: 22, user: "ubuntu" },
      { vmId: "db-1", host: "1.2.3.5", port: 2222, user: "ubuntu" },
    ]);
    const seen: string[] = [];
    const userFor = (v: VmAccessInfo): string | undefined => {
      seen.push(v.vmId);
      return v.subGroup === "db" ? "postgres" : undefined;
    };
    // undefined from userFor falls back to options.user, then to the VM's own.
    expect(targetsOf(access, { user: "ubuntu", userFor }).map((t) => t.user)).toEqual(["ubuntu", "postgres"]);
    expect(targetsOf(access, { userFor }).map((t) => t.user)).toEqual(["cb-user", "postgres"]);
    expect(seen).toEqual(["web-1", "db-1", "web-1", "db-1"]);
  });

  it("selects sub-groups or VMs, resolves endpoints, and goes through a bastion by private IP", () => {
    expect(targetsOf(access, { user: "u", subGroups: ["db"] }).map((t) => t.vmId)).toEqual(["db-1"]);
    expect(targetsOf(access, { user: "u", vmIds: ["web-1"] }).map((t) => t.vmId)).toEqual(["web-1"]);
    const mapped = targetsOf(access, {
      user: "u",
      resolveEndpoint: (v) => ({ host: "127.0.0.1", port: v.vmId === "web-1" ? 40001 : 40002 }),
    });
    expect(mapped.map((t) => `${t.host}:${t.port}`)).toEqual(["127.0.0.1:40001", "127.0.0.1:40002"]);
    const bastion = { vmId: "bastion", host: "1.2.3.9", user: "jump" };
    expect(targetsOf(access, { user: "u", via: bastion })[1]).toEqual({
      vmId: "db-1",
      host: "10.0.0.2",
      port: 2222,
      user: "u",
      via: bastion,
    });
  });

  it("names the VM it cannot reach or log in to", () => {
    expect(() => targetsOf([vm("x", "g", { user: "u" })])).toThrow(/vms\[x\]\.publicIp/);
    expect(() => targetsOf([vm("y", "g", { publicIp: "1.1.1.1" })])).toThrow(/vms\[y\]\.user/);
    expect(() => targetsOf([vm("z", "g", { publicIp: "1.1.1.1", user: "u" })], { userFor: () => "" })).toThrow(
      /vms\[z\]\.user/,
    );
  });
});

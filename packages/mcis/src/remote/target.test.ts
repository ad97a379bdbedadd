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
  it("uses public IPs and SSH ports, the VM's user or the given one", () => {
    expect(targetsOf(access, { user: "ubuntu" })).toEqual([
      { vmId: "web-1", host: "1.2.3.4", port: 22, user: "cb-user" },
      { vmId: "db-1", host: "1.2.3.5", port: 2222, user: "ubuntu" },
    ]);
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
  });
});

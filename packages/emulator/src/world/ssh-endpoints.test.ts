import { describe, expect, it } from "vitest";
import { SshEndpointBook } from "./ssh-endpoints.js";
import { World } from "./world.js";

describe("SshEndpointBook", () => {
  it("maps a VM's public IP to the sshd standing in for it, through a detached resolveEndpoint", () => {
    const world = new World();
    world.sshEndpoints.set("54.1.2.3", { host: "127.0.0.1", port: 40022 });
    const { resolveEndpoint } = world.sshEndpoints;
    expect(resolveEndpoint({ vmId: "g1-1", publicIp: "54.1.2.3" })).toEqual({ host: "127.0.0.1", port: 40022 });
    world.sshEndpoints.set("54.1.2.3", { host: "127.0.0.2", port: 40023 });
    expect(resolveEndpoint({ publicIp: "54.1.2.3" })).toEqual({ host: "127.0.0.2", port: 40023 });
    expect(world.sshEndpoints.size).toBe(1);
  });

  it("refuses to resolve an unmapped or missing address (NotFound), never falling back to it", () => {
    const book = new SshEndpointBook();
    expect(() => book.resolveEndpoint({ vmId: "g1-1", publicIp: "54.1.2.3" })).toThrow(
      expect.objectContaining({ code: "NotFound", resourceId: "54.1.2.3" }),
    );
    expect(() => book.resolveEndpoint({ vmId: "g1-2" })).toThrow(
      expect.objectContaining({ code: "NotFound", resourceId: "g1-2" }),
    );
    book.set("54.1.2.3", { host: "127.0.0.1", port: 22 });
    expect(book.delete("54.1.2.3")).toBe(true);
    expect(() => book.resolveEndpoint({ publicIp: "54.1.2.3" })).toThrow(expect.objectContaining({ code: "NotFound" }));
  });

  it("refuses bad endpoints", () => {
    const book = new SshEndpointBook();
    expect(() => book.set("54.1.2.3", { host: "127.0.0.1", port: 0 })).toThrow(/port/);
    expect(() => book.set("54.1.2.3", { host: "", port: 22 })).toThrow(/host/);
    expect(() => book.set("", { host: "127.0.0.1", port: 22 })).toThrow(/public IP/);
  });
});

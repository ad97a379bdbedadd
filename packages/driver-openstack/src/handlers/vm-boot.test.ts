import { describe, expect, it } from "vitest";
import type { DriverVmRequest } from "@cloud-barista/core/driver";
import { serverBody } from "./vm-boot.js";

const iid = (id: string) => ({ nameId: id, systemId: id });
const request: DriverVmRequest = {
  name: "web-1",
  imageType: "PublicImage",
  imageIID: iid("img-1"),
  specName: "m1.small",
  vpcIID: iid("net-1"),
  subnetIID: iid("sub-2"),
  securityGroupIIDs: [iid("sg-1")],
  dataDiskIIDs: [],
  idempotencyToken: "web-1",
};
const facts = {
  flavor: { id: 7, name: "m1.small", vcpus: 1, ram: 2048, disk: 20 },
  image: { id: "img-1", min_disk: 5, os_type: "linux" },
  publicKey: "ssh-ed25519 AAAA test",
  portId: "port-1",
};

describe("Nova's create-server body", () => {
  it("boots from the image on the driver's port, with a numeric flavor id as a string", () => {
    const body = serverBody(request, facts);
    expect(body).toMatchObject({ name: "web-1", flavorRef: "7", imageRef: "img-1", networks: [{ port: "port-1" }] });
    expect(body).not.toHaveProperty("block_device_mapping_v2");
    // The port carries the groups; Nova would ignore them for a port it was given.
    expect(body).not.toHaveProperty("security_groups");
    expect(body["metadata"]).toEqual({ "cb-login-user": "cb-user" });
  });

  it("puts the image first (boot_index 0, local) when data volumes come along", () => {
    const body = serverBody({ ...request, dataDiskIIDs: [iid("vol-9")] }, facts);
    expect(body["imageRef"]).toBe("img-1");
    expect(body["block_device_mapping_v2"]).toEqual([
      { boot_index: 0, uuid: "img-1", source_type: "image", destination_type: "local", delete_on_termination: true },
      {
        boot_index: -1,
        uuid: "vol-9",
        source_type: "volume",
        destination_type: "volume",
        delete_on_termination: false,
      },
    ]);
  });

  it("boots from a new volume of the requested size and type, without imageRef", () => {
    const body = serverBody({ ...request, rootDiskSizeGB: 40, rootDiskType: "ssd", tags: { env: "prod" } }, facts);
    expect(body).not.toHaveProperty("imageRef");
    expect(body["block_device_mapping_v2"]).toEqual([
      {
        boot_index: 0,
        uuid: "img-1",
        source_type: "image",
        destination_type: "volume",
        volume_size: 40,
        volume_type: "ssd",
        delete_on_termination: true,
      },
    ]);
    expect(body["metadata"]).toEqual({ env: "prod", "cb-login-user": "cb-user" });
  });

  it("gives a Windows image its password and Administrator, no cloud-init", () => {
    const windows = { ...facts, image: { id: "img-w", os_type: "windows" } };
    const body = serverBody({ ...request, vmUserPassword: "Passw0rd!x" }, windows);
    expect(body["adminPass"]).toBe("Passw0rd!x");
    expect(body).not.toHaveProperty("user_data");
    expect(body["metadata"]).toEqual({ "cb-login-user": "Administrator" });
  });
});

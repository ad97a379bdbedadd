/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- raw JSON answers are inspected field by field */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { account, ibmFixture, runningInstance, sshRsaPublicKey, ubuntuImageId, vpcWithSubnet } from "./support.js";
import type { Body, IbmFixture } from "./support.js";

describe("the IBM front's instances, floating IPs, volumes and images", () => {
  let f: IbmFixture;
  beforeEach(async () => {
    f = await ibmFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  it("runs an instance pending to running, and deletes it through deleting until 404", async () => {
    const { subnetId, vpcId } = await vpcWithSubnet(f);
    const key = await f.vpc("POST", "/keys", { body: { name: "k", public_key: sshRsaPublicKey() } });
    const created = await f.vpc("POST", "/instances", {
      body: {
        name: "vm-1",
        profile: { name: "bx2-2x8" },
        zone: { name: "us-south-1" },
        vpc: { id: vpcId },
        image: { id: await ubuntuImageId(f) },
        keys: [{ id: key.body["id"] }],
        primary_network_interface: { subnet: { id: subnetId } },
        boot_volume_attachment: { volume: { profile: { name: "general-purpose" }, capacity: 120 } },
        user_data: "#cloud-config\n",
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "pending",
      lifecycle_state: "pending",
      profile: { name: "bx2-2x8" },
      vcpu: { count: 2, architecture: "amd64" },
      memory: 8,
      zone: { name: "us-south-1" },
    });
    const id = String(created.body["id"]);
    expect(created.body["primary_network_interface"]["primary_ip"]["address"]).toMatch(/^10\.240\.0\.\d+$/);
    const bootId = created.body["boot_volume_attachment"]["volume"]["id"];
    const boot = await f.vpc("GET", `/volumes/${bootId}`);
    expect(boot.body).toMatchObject({
      capacity: 120,
      attachment_state: "attached",
      profile: { name: "general-purpose" },
    });
    const early = await f.vpc("DELETE", `/instances/${id}`);
    expect(early.status).toBe(409);
    expect(early.body["errors"][0]["code"]).toBe("instance_delete_conflict");
    await f.advance(f.world.timing.vmBootMs / 2);
    expect((await f.vpc("GET", `/instances/${id}`)).body).toMatchObject({
      status: "starting",
      lifecycle_state: "pending",
    });
    await f.advance(f.world.timing.vmBootMs / 2);
    expect((await f.vpc("GET", `/instances/${id}`)).body).toMatchObject({
      status: "running",
      lifecycle_state: "stable",
    });
    const init = await f.vpc("GET", `/instances/${id}/initialization`);
    expect(init.body["keys"][0]["id"]).toBe(key.body["id"]);
    expect((await f.vpc("DELETE", `/instances/${id}`)).status).toBe(204);
    expect((await f.vpc("GET", `/instances/${id}`)).body).toMatchObject({
      status: "deleting",
      lifecycle_state: "deleting",
    });
    await f.advance(f.world.timing.vmTerminateMs);
    expect((await f.vpc("GET", `/instances/${id}`)).status).toBe(404);
    expect((await f.vpc("GET", `/volumes/${bootId}`)).status).toBe(404);
  });

  it("stops and starts an instance through actions, refusing what its status does not allow", async () => {
    const { subnetId } = await vpcWithSubnet(f);
    const vm = await runningInstance(f, subnetId);
    const start = await f.vpc("POST", `/instances/${vm["id"]}/actions`, { body: { type: "start" } });
    expect(start.status).toBe(409);
    const stop = await f.vpc("POST", `/instances/${vm["id"]}/actions`, { body: { type: "stop" } });
    expect(stop.status).toBe(201);
    expect(stop.body).toMatchObject({ type: "stop", status: "pending" });
    expect((await f.vpc("GET", `/instances/${vm["id"]}`)).body["status"]).toBe("stopping");
    await f.advance(f.world.timing.vmStopMs);
    expect((await f.vpc("GET", `/instances/${vm["id"]}`)).body).toMatchObject({ status: "stopped", startable: true });
    const bad = await f.vpc("POST", `/instances/${vm["id"]}/actions`, { body: { type: "hibernate" } });
    expect(bad.body["errors"][0]["code"]).toBe("validation_enum");
  });

  it("binds a floating IP to an instance's interface and releases it", async () => {
    const { subnetId, vpcId } = await vpcWithSubnet(f);
    const vm = await runningInstance(f, subnetId);
    const nicId = vm["primary_network_interface"]["id"];
    const fip = await f.vpc("POST", "/floating_ips", { body: { name: "pub", target: { id: nicId } } });
    expect(fip.status).toBe(201);
    expect(fip.body).toMatchObject({
      name: "pub",
      zone: { name: "us-south-1" },
      target: { id: nicId, resource_type: "network_interface" },
    });
    const second = await f.vpc("POST", "/floating_ips", { body: { name: "pub2", target: { id: nicId } } });
    expect(second.status).toBe(409);
    expect(second.body["errors"][0]["code"]).toBe("target_in_use");
    const nic = await f.vpc("GET", `/instances/${vm["id"]}/network_interfaces/${nicId}`);
    expect(nic.body["floating_ips"].map((x: Body) => x["address"])).toEqual([fip.body["address"]]);
    // The world knows the address reaches the instance's interface.
    const world = f.world.accountRegion({ provider: "IBM", account, region: "us-south" });
    expect(world.publicIps.get(String(fip.body["id"])).target).toMatchObject({ kind: "network-interface", id: nicId });
    expect((await f.vpc("DELETE", `/floating_ips/${fip.body["id"]}`)).status).toBe(204);
    expect((await f.vpc("GET", `/floating_ips/${fip.body["id"]}`)).body["status"]).toBe("deleting");
    await f.advance(5_000);
    expect((await f.vpc("GET", `/floating_ips/${fip.body["id"]}`)).status).toBe(404);
    expect((await f.vpc("GET", `/instances/${vm["id"]}/network_interfaces/${nicId}`)).body["floating_ips"]).toEqual([]);
    // A floating IP outlives its instance, unbound.
    const kept = await f.vpc("POST", "/floating_ips", { body: { name: "kept", target: { id: nicId } } });
    expect((await f.vpc("DELETE", `/instances/${vm["id"]}`)).status).toBe(204);
    await f.advance(f.world.timing.vmTerminateMs);
    const after = await f.vpc("GET", `/floating_ips/${kept.body["id"]}`);
    expect(after.status).toBe(200);
    expect(after.body["target"]).toBeUndefined();
    expect((await f.vpc("DELETE", `/floating_ips/${kept.body["id"]}`)).status).toBe(204);
    // The subnet and the VPC go too: nothing of the floating IPs' routing is left behind.
    expect((await f.vpc("DELETE", `/subnets/${subnetId}`)).status).toBe(204);
    await f.advance(5_000);
    expect((await f.vpc("DELETE", `/vpcs/${vpcId}`)).status).toBe(204);
  });

  it("attaches a data volume, grows it only while attached to a running instance, never shrinks it", async () => {
    const { subnetId } = await vpcWithSubnet(f);
    const vm = await runningInstance(f, subnetId);
    const volume = await f.vpc("POST", "/volumes", {
      body: { name: "data", profile: { name: "general-purpose" }, zone: { name: "us-south-1" }, capacity: 50 },
    });
    expect(volume.status).toBe(201);
    expect(volume.body).toMatchObject({ status: "pending", capacity: 50, attachment_state: "unattached" });
    const id = volume.body["id"];
    const detachedGrow = await f.vpc("PATCH", `/volumes/${id}`, { body: { capacity: 60 } });
    expect(detachedGrow.status).toBe(409);
    await f.advance(f.world.timing.diskCreateMs);
    const attachment = await f.vpc("POST", `/instances/${vm["id"]}/volume_attachments`, {
      body: { volume: { id }, delete_volume_on_instance_delete: false },
    });
    expect(attachment.status).toBe(201);
    expect(attachment.body).toMatchObject({ type: "data", volume: { id } });
    await f.advance(f.world.timing.diskAttachMs);
    const shrink = await f.vpc("PATCH", `/volumes/${id}`, { body: { capacity: 40 } });
    expect(shrink.status).toBe(400);
    const grow = await f.vpc("PATCH", `/volumes/${id}`, { body: { capacity: 80 } });
    expect(grow.status).toBe(200);
    expect(grow.body["status"]).toBe("updating");
    await f.advance(f.world.timing.diskExtendMs);
    expect((await f.vpc("GET", `/volumes/${id}`)).body).toMatchObject({ capacity: 80, status: "available" });
    const stillAttached = await f.vpc("DELETE", `/volumes/${id}`);
    expect(stillAttached.body["errors"][0]["code"]).toBe("volume_still_attached");
    const bootAttachment = vm["boot_volume_attachment"]["id"];
    expect((await f.vpc("DELETE", `/instances/${vm["id"]}/volume_attachments/${bootAttachment}`)).status).toBe(400);
    expect((await f.vpc("DELETE", `/instances/${vm["id"]}/volume_attachments/${attachment.body["id"]}`)).status).toBe(
      202,
    );
    await f.advance(f.world.timing.diskDetachMs);
    expect((await f.vpc("DELETE", `/volumes/${id}`)).status).toBe(204);
    expect((await f.vpc("GET", `/volumes/${id}`)).body["status"]).toBe("pending_deletion");
    await f.advance(f.world.timing.diskDeleteMs);
    expect((await f.vpc("GET", `/volumes/${id}`)).status).toBe(404);
  });

  it("makes a private image from a stopped instance's boot volume only", async () => {
    const { subnetId } = await vpcWithSubnet(f);
    const vm = await runningInstance(f, subnetId);
    const bootId = vm["boot_volume_attachment"]["volume"]["id"];
    const running = await f.vpc("POST", "/images", { body: { name: "snap", source_volume: { id: bootId } } });
    expect(running.status).toBe(409);
    await f.vpc("POST", `/instances/${vm["id"]}/actions`, { body: { type: "stop" } });
    await f.advance(f.world.timing.vmStopMs);
    const image = await f.vpc("POST", "/images", { body: { name: "snap", source_volume: { id: bootId } } });
    expect(image.status).toBe(201);
    expect(image.body).toMatchObject({
      visibility: "private",
      status: "pending",
      owner_type: "user",
      source_volume: { id: bootId },
    });
    await f.advance(f.world.timing.myImageCreateMs);
    const mine = await f.vpc("GET", "/images", { query: { visibility: "private" } });
    expect(mine.body["images"].map((i: Body) => [i["name"], i["status"]])).toEqual([["snap", "available"]]);
    const stock = await f.vpc("DELETE", `/images/${await ubuntuImageId(f)}`);
    expect(stock.body["errors"][0]["code"]).toBe("invalid_action_for_public_image");
    expect((await f.vpc("DELETE", `/images/${image.body["id"]}`)).status).toBe(202);
    expect((await f.vpc("GET", `/images/${image.body["id"]}`)).body["status"]).toBe("deleting");
  });

  it("describes profiles with GPUs, and stock images with their operating system", async () => {
    const profiles = await f.vpc("GET", "/instance/profiles");
    const gpu = profiles.body["profiles"].find((p: Body) => p["name"] === "gx2-8x64x1v100");
    expect(gpu).toMatchObject({
      family: "gpu",
      gpu_count: { value: 1 },
      gpu_model: { values: ["V100"] },
      vcpu_count: { value: 8 },
    });
    const image = await f.vpc("GET", `/images/${await ubuntuImageId(f)}`);
    expect(image.body).toMatchObject({
      visibility: "public",
      status: "available",
      operating_system: { name: "ubuntu-24-04-amd64", architecture: "amd64" },
    });
  });

  it("refuses a start its zone has no capacity for with cannot_start_capacity, not a state conflict", async () => {
    const { subnetId } = await vpcWithSubnet(f);
    const vm = await runningInstance(f, subnetId);
    await f.vpc("POST", `/instances/${vm["id"]}/actions`, { body: { type: "stop" } });
    await f.advance(f.world.timing.vmStopMs);
    f.world.capacity.limit({ provider: "IBM", region: "us-south", zone: "us-south-1", specName: "bx2-2x8", maxVms: 0 });
    const start = await f.vpc("POST", `/instances/${vm["id"]}/actions`, { body: { type: "start" } });
    expect(start.status).toBe(503);
    expect(start.body["errors"][0]["code"]).toBe("cannot_start_capacity");
  });

  it("lists an instance's interface among its security groups' targets", async () => {
    const { subnetId, sgId } = await vpcWithSubnet(f);
    const vm = await runningInstance(f, subnetId);
    const sg = await f.vpc("GET", `/security_groups/${sgId}`);
    expect(sg.body["targets"]).toEqual([
      expect.objectContaining({ id: vm["primary_network_interface"]["id"], resource_type: "network_interface" }),
    ]);
    await f.vpc("DELETE", `/instances/${vm["id"]}`);
    await f.advance(f.world.timing.vmTerminateMs);
    expect((await f.vpc("GET", `/security_groups/${sgId}`)).body["targets"]).toEqual([]);
  });

  it("names a boot volume validly for any valid instance name", async () => {
    const { subnetId } = await vpcWithSubnet(f);
    const image = await ubuntuImageId(f);
    for (const name of ["a", `v${"x".repeat(61)}9`]) {
      const created = await f.vpc("POST", "/instances", {
        body: {
          name,
          profile: { name: "cx2-2x4" },
          zone: { name: "us-south-1" },
          image: { id: image },
          primary_network_interface: { subnet: { id: subnetId } },
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body["boot_volume_attachment"]["volume"]["name"]).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it("renders injected faults in IBM's envelope, and a failed build as status failed", async () => {
    f.world.faults.add({ provider: "IBM", api: "create_vpc", kind: "unavailable", times: 1 });
    const refused = await f.vpc("POST", "/vpcs", { body: { name: "later" } });
    expect(refused.status).toBe(503);
    expect(refused.body["errors"][0]["code"]).toBe("backend_service_unavailable");
    const { subnetId } = await vpcWithSubnet(f);
    f.world.faults.add({ provider: "IBM", api: "create_instance", kind: "internal", phase: "background", times: 1 });
    const created = await f.vpc("POST", "/instances", {
      body: {
        name: "doomed",
        profile: { name: "bx2-2x8" },
        zone: { name: "us-south-1" },
        image: { id: await ubuntuImageId(f) },
        primary_network_interface: { subnet: { id: subnetId } },
      },
    });
    expect(created.status).toBe(201);
    await f.advance(f.world.timing.vmBootMs);
    const failed = await f.vpc("GET", `/instances/${created.body["id"]}`);
    expect(failed.body).toMatchObject({ status: "failed", lifecycle_state: "failed" });
    expect((await f.vpc("DELETE", `/instances/${created.body["id"]}`)).status).toBe(204);
  });

  it("grows an sdp volume while unattached, as its profile's adjustable_capacity_states allow", async () => {
    const profiles = await f.vpc("GET", "/volume/profiles");
    const states = (name: string) =>
      profiles.body["profiles"].find((p: Body) => p["name"] === name)["adjustable_capacity_states"]["values"];
    expect(states("sdp")).toEqual(["attached", "unattached"]);
    expect(states("general-purpose")).toEqual(["attached"]);
    const volume = await f.vpc("POST", "/volumes", {
      body: { name: "fast", profile: { name: "sdp" }, zone: { name: "us-south-1" }, capacity: 50 },
    });
    await f.advance(f.world.timing.diskCreateMs);
    const grown = await f.vpc("PATCH", `/volumes/${volume.body["id"]}`, { body: { capacity: 70 } });
    expect(grown.status).toBe(200);
    await f.advance(f.world.timing.diskExtendMs);
    expect((await f.vpc("GET", `/volumes/${volume.body["id"]}`)).body).toMatchObject({
      capacity: 70,
      status: "available",
    });
  });
});

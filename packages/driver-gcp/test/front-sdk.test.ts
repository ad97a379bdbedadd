import { VirtualClock } from "@cloud-barista/core";
import { World, listFronts } from "@cloud-barista/emulator";
import type { StartedFront } from "@cloud-barista/emulator";
import {
  FirewallsClient,
  GlobalOperationsClient,
  ImagesClient,
  MachineTypesClient,
  NetworksClient,
  RegionsClient,
} from "@google-cloud/compute";
import { afterEach, describe, expect, it } from "vitest";

// The emulator's GCP front through the real @google-cloud/compute SDK: its REST transport over
// plain HTTP and google-auth-library signing with the front's service-account key (self-signed
// JWTs, as the SDK sends them to a custom endpoint). Front-owned test (gcp-front helper).

let front: StartedFront | undefined;
afterEach(async () => {
  await front?.close();
  front = undefined;
});

async function startFront(world: World): Promise<StartedFront> {
  const definition = (await listFronts()).find((f) => f.name === "gcp");
  if (!definition) throw new Error("no gcp front");
  front = await definition.start(world, { account: "sdk-project" });
  return front;
}

function clientOptions(started: StartedFront) {
  const url = new URL(started.endpoint);
  const { clientEmail = "", privateKey = "", privateKeyId = "", projectId = "" } = started.credential;
  return {
    apiEndpoint: url.hostname,
    port: Number(url.port),
    protocol: "http",
    projectId,
    credentials: { client_email: clientEmail, private_key: privateKey, private_key_id: privateKeyId },
    // No scopes: google-auth-library then signs a JWT for the service itself (no token endpoint).
    scopes: undefined,
  };
}

describe("the GCP front through @google-cloud/compute", () => {
  it("reads the catalog and makes a network and a firewall rule, waiting on their operations", async () => {
    const world = new World({ clock: new VirtualClock(), timing: { jitterRatio: 0 } });
    const started = await startFront(world);
    const options = clientOptions(started);
    const project = options.projectId;
    const regions = new RegionsClient(options);
    const [region] = await regions.get({ project, region: "us-central1" });
    expect(region.quotas?.find((q) => q.metric === "CPUS")?.limit).toBe(72);
    const images = new ImagesClient(options);
    const [image] = await images.getFromFamily({ project: "debian-cloud", family: "debian-12-arm64" });
    expect(image.architecture).toBe("ARM64");
    const machineTypes = new MachineTypesClient(options);
    const seen: string[] = [];
    for await (const type of machineTypes.listAsync({ project, zone: "us-central1-a", maxResults: 3 })) {
      seen.push(type.name ?? "");
    }
    expect(seen).toContain("c4a-standard-4");
    expect(seen.length).toBe(world.catalog("GCP").specs.length);

    const networks = new NetworksClient(options);
    const [op] = await networks.insert({ project, networkResource: { name: "sdk-net", autoCreateSubnetworks: false } });
    const operations = new GlobalOperationsClient(options);
    const name = op.latestResponse.name ?? "";
    (world.clock as VirtualClock).advance(5_000);
    const [done] = await operations.wait({ project, operation: name });
    expect(done.status).toBe("DONE");
    const [network] = await networks.get({ project, network: "sdk-net" });
    expect(network.autoCreateSubnetworks).toBe(false);
    const firewalls = new FirewallsClient(options);
    await firewalls.insert({
      project,
      firewallResource: {
        name: "sdk-ssh",
        network: network.selfLink ?? "",
        allowed: [{ IPProtocol: "tcp", ports: ["22"] }],
        sourceRanges: ["0.0.0.0/0"],
        targetTags: ["ssh"],
      },
    });
    const [rule] = await firewalls.get({ project, firewall: "sdk-ssh" });
    expect(rule.allowed).toMatchObject([{ IPProtocol: "tcp", ports: ["22"] }]);
    const missing = await networks.get({ project, network: "nope" }).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: 5 }); // NOT_FOUND
    await Promise.all([regions, images, machineTypes, networks, operations, firewalls].map((c) => c.close()));
  });

  it("is refused with a key the front did not register", async () => {
    const world = new World();
    const started = await startFront(world);
    const options = clientOptions(started);
    world.identities.remove("GCP", started.credential["privateKeyId"] ?? "");
    const regions = new RegionsClient(options);
    const refused = await regions.get({ project: options.projectId, region: "us-central1" }).catch((e: unknown) => e);
    // gax maps HTTP 401 to gRPC UNAUTHENTICATED (16).
    expect(refused).toMatchObject({ code: 16 });
    await regions.close();
  });
});

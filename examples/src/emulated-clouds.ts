import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { MemoryStore, collect, createCloudBarista } from "@cloud-barista/core";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { createOpenStackDriver } from "@cloud-barista/driver-openstack";
import { addFrontConnection } from "@cloud-barista/emulator";
import { startEmulator } from "@cloud-barista/emulator/server";

/**
 * Two real drivers, AWS (on the AWS SDK) and OpenStack (over HTTP), against the emulator's fronts
 * on loopback: what trying the SDK without a cloud account looks like. Returns each cloud's VPCs
 * as listed after the create.
 */
export async function emulatedClouds(): Promise<Record<string, string[]>> {
  const emulator = await startEmulator({ fronts: ["aws", "openstack"] });
  const store = new MemoryStore();
  const barista = createCloudBarista({ store, encryptionKey: randomBytes(32) });
  const listed: Record<string, string[]> = {};
  try {
    barista.drivers.register(createAwsDriver());
    barista.drivers.register(createOpenStackDriver());
    for (const front of [emulator.fronts.AWS, emulator.fronts.OPENSTACK]) {
      if (!front) throw new Error("a front did not start");
      const name = front.name; // "aws", "openstack": also the drivers' default names
      await addFrontConnection(barista, front, { connection: name, driver: name });
      const cloud = await barista.connection(name);
      await cloud.vpc.create({
        name: "net",
        ipv4Cidr: "10.0.0.0/16",
        subnets: [{ name: "a", ipv4Cidr: "10.0.1.0/24" }],
      });
      listed[name] = (await collect(cloud.vpc.list())).map((vpc) => vpc.iid.nameId);
      await cloud.vpc.delete("net");
    }
  } finally {
    await barista.close();
    await store.close();
    await emulator.close();
  }
  console.log(JSON.stringify(listed));
  return listed;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await emulatedClouds();

import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, collect, createCloudBarista, isBaristaError } from "@cloud-barista/core";
import type { CloudBarista, CloudDriver, Connection, ProviderName, Store } from "@cloud-barista/core";
import { createAwsDriver } from "@cloud-barista/driver-aws";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { createOpenStackDriver } from "@cloud-barista/driver-openstack";
import { World, addFrontConnection, frontFor } from "@cloud-barista/emulator";
import type { StartedFront } from "@cloud-barista/emulator";
import { createMcisService } from "@cloud-barista/mcis";
import type { Baseline, GlobalContext } from "./entry-points.js";

// One SDK instance over one emulated world, with a connection per cloud under attack (driver-mock
// in-process, AWS and OpenStack over their fronts), a few resources in each so that a request that
// slipped through would really create, change or delete something, and counters of everything a
// case must not do: write to the store, make a native call (in the runtime's call history and at the
// world's gate, which every front and driver-mock call passes) or register a driver.

/** A connection under attack and the resources its baseline holds. */
export interface Target {
  provider: ProviderName;
  conn: Connection;
  baseline: Baseline;
  /** What the baseline made, and what it could not make (with the error code). */
  made: string[];
  missed: string[];
}

/** What a case may not change: all three must read the same before and after. */
export interface Effects {
  writes: number;
  nativeCalls: number;
  served: number;
  drivers: string;
}

export interface ChaosFixture {
  barista: CloudBarista;
  targets: Target[];
  global: GlobalContext;
  effects: () => Promise<Effects>;
  close: () => Promise<void>;
}

/** Where call history keeps its records: writes there follow native calls, which are counted apart. */
const historyPrefix = "hiscall/";

/** A store that counts the writes it is asked for (attempted ones too), call history's aside. */
function countingStore(store: Store): Store & { writes(): number } {
  let writes = 0;
  const count = (...keys: string[]): void => {
    if (keys.some((key) => !key.startsWith(historyPrefix))) writes++;
  };
  return {
    get: (key, options) => store.get(key, options),
    list: (prefix, options) => store.list(prefix, options),
    put: (key, value, options) => (count(key), store.put(key, value, options)),
    delete: (key, options) => (count(key), store.delete(key, options)),
    commit: (operations, options) => (
      count(...operations.map((o) => o.key), ...(options?.conditions ?? []).map((c) => c.key)),
      store.commit(operations, options)
    ),
    close: () => store.close(),
    writes: () => writes,
  };
}

const drivers: Readonly<Record<"AWS" | "OPENSTACK", () => CloudDriver>> = {
  AWS: () => createAwsDriver(),
  OPENSTACK: () => createOpenStackDriver(),
};

export async function chaosFixture(providers: readonly ProviderName[]): Promise<ChaosFixture> {
  const clock = new VirtualClock();
  const world = new World({ clock, rateLimits: false, timing: { jitterRatio: 0 } });
  let served = 0;
  const gate = world.call.bind(world);
  world.call = (target, fn, options) => {
    served++;
    return gate(target, fn, options);
  };
  const store = countingStore(new MemoryStore({ clock }));
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  const fronts: StartedFront[] = [];
  const close = async (): Promise<void> => {
    await barista.close();
    await Promise.all(fronts.map((f) => f.close()));
    await store.close();
  };
  try {
    const targets: Target[] = [];
    for (const provider of providers) {
      const name = provider.toLowerCase();
      if (provider === "MOCK") {
        barista.drivers.register(createMockDriver({ world }));
        await barista.credentials.add({ name: "mock-cred", provider, values: { mockName: "chaos" } });
        await barista.regions.add({ name: "mock-region", provider, region: "mock-seoul", zone: "mock-seoul-a" });
        await barista.connections.add({ name, driver: name, credential: "mock-cred", region: "mock-region" });
      } else if (provider === "AWS" || provider === "OPENSTACK") {
        const front = await (await frontFor(provider)).start(world, { account: "chaos" });
        fronts.push(front);
        barista.drivers.register(drivers[provider]());
        await addFrontConnection(barista, front, { connection: name, driver: name });
      } else {
        throw new Error(`the bad-input part has no driver for ${provider}`);
      }
      targets.push(await baseline(provider, await barista.connection(name)));
    }
    // A driver with endpoint rules (AWS's), and configs of its provider, for the registries' cases.
    barista.drivers.register(createAwsDriver(), { name: "ruled" });
    await barista.credentials.add({
      name: "ruled-cred",
      provider: "AWS",
      values: { accessKeyId: "AKIACHAOS", secretAccessKey: "chaos" },
    });
    await barista.regions.add({ name: "ruled-region", provider: "AWS", region: "us-east-1" });
    const mcisConnection = targets.find((t) => t.provider === "MOCK")?.conn.name ?? targets[0]?.conn.name ?? "";
    const global: GlobalContext = {
      barista,
      mcis: createMcisService({ barista }),
      ruledDriver: "ruled",
      ruledCredential: "ruled-cred",
      ruledRegion: "ruled-region",
      mcisConnection,
    };
    const effects = async (): Promise<Effects> => {
      await barista.history.flush();
      return {
        writes: store.writes(),
        nativeCalls: (await barista.history.query({})).length,
        served,
        drivers: barista.drivers
          .list()
          .map((d) => d.name)
          .join(","),
      };
    };
    return { barista, targets, global, effects, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A network, a security group, a key pair, a VM, a disk, a snapshot image and a load balancer, as
 * far as the cloud has them; what fails is noted, and the cases run all the same (bad input must
 * be refused whatever exists).
 */
async function baseline(provider: ProviderName, conn: Connection): Promise<Target> {
  const made: string[] = [];
  const missed: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
      made.push(what);
    } catch (error) {
      missed.push(`${what}: ${isBaristaError(error) ? error.code : "error"}`);
    }
  };
  const b: Baseline = {
    image: "",
    spec: "",
    vpc: "net",
    subnet: "web",
    securityGroup: "ssh",
    keyPair: "key",
    vm: "vm1",
    disk: "disk1",
    myImage: "img1",
    nlb: "lb1",
  };
  await step("catalog", async () => {
    const images = await collect(conn.metadata.images());
    const specs = await collect(conn.metadata.specs());
    const image = images.find((i) => i.osPlatform === "Linux/UNIX" && i.osArchitecture === "x86_64");
    const spec = specs.find((s) => s.architecture === "x86_64" && s.gpus.length === 0);
    b.image = image?.id ?? "chaos-image";
    b.spec = spec?.name ?? "chaos-spec";
  });
  await step("vpc", () =>
    conn.vpc.create({ name: b.vpc, ipv4Cidr: "10.0.0.0/16", subnets: [{ name: b.subnet, ipv4Cidr: "10.0.1.0/24" }] }),
  );
  await step("securityGroup", () =>
    conn.securityGroup.create({
      name: b.securityGroup,
      vpcName: b.vpc,
      rules: [{ direction: "inbound", protocol: "TCP", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0" }],
    }),
  );
  await step("keyPair", () => conn.keyPair.create({ name: b.keyPair }));
  await step("vm", () =>
    conn.vm.create({
      name: b.vm,
      image: b.image,
      specName: b.spec,
      vpcName: b.vpc,
      subnetName: b.subnet,
      securityGroupNames: [b.securityGroup],
      keyPairName: b.keyPair,
    }),
  );
  if (conn.capabilities.handlers.disk) await step("disk", () => conn.disk.create({ name: b.disk, diskSizeGB: 10 }));
  if (conn.capabilities.handlers.myImage) {
    await step("myImage", () => conn.myImage.create({ name: b.myImage, sourceVmName: b.vm }));
  }
  if (conn.capabilities.handlers.nlb) {
    await step("nlb", () =>
      conn.nlb.create({
        name: b.nlb,
        vpcName: b.vpc,
        listener: { protocol: "TCP", port: 80 },
        vmGroup: { protocol: "TCP", port: 80, vmNames: [b.vm] },
      }),
    );
  }
  return { provider, conn, baseline: b, made, missed };
}

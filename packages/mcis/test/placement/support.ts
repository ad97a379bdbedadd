import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import type { CloudBarista, Store } from "@cloud-barista/core";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { World } from "@cloud-barista/emulator";
import type { GeoPoint } from "../../src/placement/geo.js";
import { offerId } from "../../src/placement/offer.js";
import type { Offer, OfferImage } from "../../src/placement/offer.js";

/** The mock catalog's region coordinates, labelled. */
export const cities = {
  seoul: { latitude: 37.5665, longitude: 126.978, label: "Seoul" },
  tokyo: { latitude: 35.68, longitude: 139.77, label: "Tokyo" },
  frankfurt: { latitude: 50.11, longitude: 8.68, label: "Frankfurt" },
  virginia: { latitude: 39.04, longitude: -77.49, label: "Virginia" },
  saoPaulo: { latitude: -23.55, longitude: -46.63, label: "Sao Paulo" },
} satisfies Record<string, GeoPoint>;

export const ubuntuX86: OfferImage = {
  id: "img-ubuntu-x86",
  name: "Ubuntu 24.04 (amd64)",
  osDistribution: "Ubuntu 24.04 LTS",
  osPlatform: "Linux/UNIX",
  architecture: "x86_64",
};

export const ubuntuArm: OfferImage = {
  ...ubuntuX86,
  id: "img-ubuntu-arm",
  name: "Ubuntu 24.04 (arm64)",
  architecture: "arm64",
};

type OfferInput = Partial<Omit<Offer, "price">> & { price?: number | Offer["price"] | null; currency?: string };

/** A synthetic offer: 2 vCPU, 4 GiB, x86_64, $0.10/h in Seoul unless told otherwise. */
export function offer(input: OfferInput = {}): Offer {
  const { price, currency, ...rest } = input;
  const connection = rest.connection ?? "c1";
  const specName = rest.specName ?? "s1";
  const architecture = rest.architecture ?? "x86_64";
  return {
    id: offerId(connection, specName),
    connection,
    provider: "MOCK",
    region: "r1",
    zone: undefined,
    specName,
    vcpus: 2,
    memoryGiB: 4,
    diskGB: 0,
    gpuCount: 0,
    gpuModel: undefined,
    gpuMemoryGB: 0,
    architecture,
    location: cities.seoul,
    performance: undefined,
    images: [architecture === "arm64" ? ubuntuArm : ubuntuX86],
    ...rest,
    price:
      price === null
        ? undefined
        : typeof price === "object"
          ? price
          : {
              perHour: price ?? 0.1,
              currency: currency ?? "USD",
              source: "test",
              retrievedAt: new Date(Date.UTC(2026, 0, 1)),
            },
  };
}

/** Where each test connection points: its name, MOCK region and zone. */
export const mockConnections = [
  { name: "seoul", region: "mock-seoul", zone: "mock-seoul-a" },
  { name: "seoul-b", region: "mock-seoul", zone: "mock-seoul-b" },
  { name: "tokyo", region: "mock-tokyo", zone: "mock-tokyo-a" },
  { name: "frankfurt", region: "mock-frankfurt", zone: "mock-frankfurt-a" },
  { name: "virginia", region: "mock-virginia", zone: "mock-virginia-a" },
] as const;

/** An SDK instance over a fresh emulator world, with a MOCK connection per entry of `mockConnections`. */
export async function mockCloud(
  connections: readonly { name: string; region: string; zone?: string }[] = mockConnections,
): Promise<{ world: World; barista: CloudBarista; clock: VirtualClock; store: Store }> {
  const clock = new VirtualClock();
  const world = new World({ clock, timing: { jitterRatio: 0 } });
  const store = new MemoryStore({ clock });
  const barista = createCloudBarista({ store, clock, encryptionKey: randomBytes(32) });
  barista.drivers.register(createMockDriver({ world }));
  await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: "tenant-a" } });
  for (const c of connections) {
    await barista.regions.add({
      name: c.name,
      provider: "MOCK",
      region: c.region,
      ...(c.zone ? { zone: c.zone } : {}),
    });
    await barista.connections.add({ name: c.name, driver: "mock", credential: "cred", region: c.name });
  }
  return { world, barista, clock, store };
}

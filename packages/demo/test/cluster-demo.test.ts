import { randomBytes } from "node:crypto";
import { MemoryStore, VirtualClock, createCloudBarista } from "@cloud-barista/core";
import { World } from "@cloud-barista/emulator";
import { createMockDriver } from "@cloud-barista/driver-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { clusterDemo } from "../src/cluster-demo.js";
import { buildDemoCloud } from "../src/demo-cloud.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the demo's Kubernetes part", () => {
  it("creates a cluster kubectl lists the nodes of, scales and deletes it", async () => {
    const clock = new VirtualClock();
    const world = new World({ clock, timing: { jitterRatio: 0 } });
    const barista = createCloudBarista({ store: new MemoryStore({ clock }), clock, encryptionKey: randomBytes(32) });
    try {
      barista.drivers.register(createMockDriver({ world }));
      await barista.credentials.add({ name: "cred", provider: "MOCK", values: { mockName: "tenant-a" } });
      await barista.regions.add({ name: "seoul", provider: "MOCK", region: "mock-seoul", zone: "mock-seoul-a" });
      await barista.connections.add({ name: "seoul", driver: "mock", credential: "cred", region: "seoul" });
      await buildDemoCloud(barista, "seoul", "10.9", () => undefined);
      const lines: string[] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.join(" ")));

      await clusterDemo(barista, "seoul");

      const out = lines.join("\n");
      expect(out).toMatch(/cluster demo-k8s \(1\.30\) in seoul, 2 x mock-\w+/);
      expect(out).toMatch(/Active, API https:\/\/127\.0\.0\.1:\d+/);
      expect(out.match(/\bReady\b/g)).toHaveLength(2);
      expect(out).toMatch(/scaled to 3 nodes/);
      expect(out).toMatch(/MCIS k8s-pool: sub-group pool is node group "pool" of demo-k8s, Running:1 \(R:1\/1\)/);
      const cloud = world.accountRegion({ provider: "MOCK", account: "tenant-a", region: "mock-seoul" });
      expect(cloud.clusters.list().items).toEqual([]);
    } finally {
      await barista.close();
      await world.kube.close();
    }
  });
});

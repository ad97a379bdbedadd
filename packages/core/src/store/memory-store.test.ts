import { describe, expect, it } from "vitest";
import { describeStoreConformance } from "../testing/store-suite.js";
import { VirtualClock } from "../util/clock.js";
import { MemoryStore } from "./memory-store.js";

const clock = new VirtualClock();
const leaseClock = new VirtualClock();
describeStoreConformance("MemoryStore", async () => new MemoryStore({ clock, leaseClock }), { clock, leaseClock });

describe("MemoryStore", () => {
  it("keeps separate instances apart", async () => {
    const a = new MemoryStore();
    const b = new MemoryStore();
    await a.put("k", "a");
    expect(await b.get("k")).toBeUndefined();
  });
});

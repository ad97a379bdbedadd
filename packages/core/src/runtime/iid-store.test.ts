import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/memory-store.js";
import { IidStore } from "./iid-store.js";
import type { IidRecord } from "./iid-store.js";

const vm = (name: string, systemId: string): IidRecord => ({
  connection: "c",
  resourceType: "vm",
  name,
  cloudName: name,
  systemId,
  state: "ready",
  createdAt: new Date(0),
});

describe("IidStore listings", () => {
  it("decodes only records written since the last listing, and sees every write of another instance", async () => {
    const store = new MemoryStore();
    const mine = new IidStore(store);
    const other = new IidStore(store); // another process on the same store
    await other.insert(vm("a", "i-1"), vm("b", "i-2"));
    const first = await mine.list("c", "vm");
    const again = await mine.list("c", "vm");
    expect(again[0]).toBe(first[0]); // unchanged: the same decoded record
    expect(Object.isFrozen(first[0])).toBe(true);

    const stored = await other.stored(vm("a", "i-1"));
    await other.replace(stored!, { ...vm("a", "i-9"), zone: "z" });
    await other.remove(vm("b", "i-2"));
    await other.insert(vm("c", "i-3"));
    const after = await mine.list("c", "vm");
    expect(after.map((r) => [r.name, r.systemId])).toEqual([
      ["a", "i-9"],
      ["c", "i-3"],
    ]);
    expect(after[0]).not.toBe(first[0]);
    expect((await mine.listConnection("c")).map((r) => r.name)).toEqual(["a", "c"]);
  });
});

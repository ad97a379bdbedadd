import { describe, expect, it } from "vitest";
import { closedAfterEach } from "./closed-after-each.js";

const closed: string[] = [];
const open = closedAfterEach(async (name: string) => ({ name, close: async () => void closed.push(name) }));

describe("closedAfterEach", () => {
  it("leaves what a test opened open while it runs", async () => {
    await open("a");
    await open("b");
    expect(closed).toEqual([]);
  });

  it("closed it, in the order opened, once the test ended", () => {
    expect(closed).toEqual(["a", "b"]);
  });
});

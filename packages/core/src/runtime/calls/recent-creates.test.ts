import { describe, expect, it } from "vitest";
import { RecentCreates } from "./recent-creates.js";

describe("RecentCreates", () => {
  it("counts the window from each id's create, and forgets ids once it has passed", () => {
    const recent = new RecentCreates(1_000);
    recent.remember(["a"], 0);
    recent.remember(["b", ""], 500);
    expect(recent.remainingMs(["a"], 200)).toBe(800);
    expect(recent.remainingMs(["a", "b"], 900)).toBe(600);
    expect(recent.remainingMs(["c"], 900)).toBe(0);
    expect(recent.remainingMs(["a"], 1_000)).toBe(0);
    recent.remember(["c"], 1_600);
    expect(recent.remainingMs(["b"], 1_400)).toBe(0);
  });
});

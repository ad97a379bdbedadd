import { describe, expect, it } from "vitest";
import { DeclaredBucket } from "./declared-bucket.js";

describe("DeclaredBucket", () => {
  it("lets the burst through at once, then spaces reservations at the refill rate", () => {
    const bucket = new DeclaredBucket(3, 2, 0);
    expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 0]);
    // Refilled at 2 a second: the 4th token is there after 500 ms, the 5th after 1000 ms.
    expect(bucket.reserve(0)).toBe(500);
    expect(bucket.reserve(0)).toBe(1000);
    // At 1000 ms both reservations are covered and the balance is 0 again.
    expect(bucket.reserve(1000)).toBe(500);
  });

  it("refills up to its capacity only", () => {
    const bucket = new DeclaredBucket(2, 1, 0);
    bucket.reserve(0);
    bucket.reserve(0);
    expect(bucket.isFull(1000)).toBe(false);
    expect(bucket.isFull(60_000)).toBe(true);
    expect([bucket.reserve(60_000), bucket.reserve(60_000), bucket.reserve(60_000)]).toEqual([0, 0, 1000]);
  });

  it("gives back the token of a call that never went", () => {
    const bucket = new DeclaredBucket(1, 1, 0);
    expect(bucket.reserve(0)).toBe(0);
    expect(bucket.reserve(0)).toBe(1000);
    bucket.refund(0);
    expect(bucket.reserve(0)).toBe(1000);
  });
});

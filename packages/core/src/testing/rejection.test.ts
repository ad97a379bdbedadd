import { describe, expect, it } from "vitest";
import { rejectionOf } from "./rejection.js";

describe("rejectionOf", () => {
  it("gives what the promise rejected with", async () => {
    const error = new Error("refused");
    expect(await rejectionOf(Promise.reject(error))).toBe(error);
  });

  it("fails when the promise resolves", async () => {
    await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow("expected a failure");
  });
});

import { describe, expect, it } from "vitest";
import { BaristaError } from "../errors.js";
import { baristaRejectionOf, rejectionOf } from "./rejection.js";

describe("rejectionOf", () => {
  it("gives what the promise rejected with", async () => {
    const error = new Error("refused");
    expect(await rejectionOf(Promise.reject(error))).toBe(error);
  });

  it("fails when the promise resolves", async () => {
    await expect(rejectionOf(Promise.resolve(1))).rejects.toThrow("expected a failure");
  });
});

describe("baristaRejectionOf", () => {
  it("gives a BaristaError the promise rejected with", async () => {
    const error = new BaristaError("NotFound", "no such vm");
    expect(await baristaRejectionOf(Promise.reject(error))).toBe(error);
  });

  it("passes any other rejection on", async () => {
    await expect(baristaRejectionOf(Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });
});

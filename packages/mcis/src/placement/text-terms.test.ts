import { describe, expect, it } from "vitest";
import { holdsTerm } from "./text-terms.js";

describe("holdsTerm", () => {
  it("finds every word of a term, in any order and with words between", () => {
    expect(holdsTerm("Ubuntu Server 24.04 LTS 64bit", "ubuntu 24.04")).toBe(true);
    expect(holdsTerm("Ubuntu 24.04 LTS", "ubuntu 24.04")).toBe(true);
    expect(holdsTerm("24.04 minimal (Ubuntu)", "ubuntu 24.04")).toBe(true);
    expect(holdsTerm("NVIDIA A100", "a100")).toBe(true);
  });

  it("misses a text that lacks one word", () => {
    expect(holdsTerm("Ubuntu Server 22.04 LTS 64bit", "ubuntu 24.04")).toBe(false);
    expect(holdsTerm("Debian 12", "ubuntu")).toBe(false);
  });
});

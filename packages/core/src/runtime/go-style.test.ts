import { describe, expect, expectTypeOf, it } from "vitest";
import { BaristaError, notFound } from "../errors.js";
import type { ErrorCode } from "../errors.js";
import { goStyle } from "./go-style.js";
import type { CommonErrorCode } from "./go-style.js";

/** A service as the SDK's are: a class with private state, promise and async-iterable methods. */
class Things {
  readonly #names = ["a", "b"];
  readonly label = "things";

  async get(name: string): Promise<{ name: string }> {
    if (!this.#names.includes(name)) throw notFound("thing", name);
    return { name };
  }

  async *list(): AsyncGenerator<string> {
    yield* this.#names;
  }

  async frobnicate(): Promise<number> {
    throw new TypeError("a bug, not an SDK error");
  }
}

describe("goStyle", () => {
  const things = goStyle(new Things());

  it("returns [value, undefined] on success, calling the method on the service itself", async () => {
    expect(await things.get("a")).toEqual([{ name: "a" }, undefined]);
  });

  it("returns [undefined, err] for an SDK error, typed by the call's codes", async () => {
    const [thing, err] = await things.get("zz");
    expect(thing).toBeUndefined();
    expect(err).toBeInstanceOf(BaristaError);
    expect(err?.code).toBe("NotFound");
    expectTypeOf(err).toEqualTypeOf<(BaristaError & { readonly code: CommonErrorCode | "NotFound" }) | undefined>();
    if (!err) expectTypeOf(thing).toEqualTypeOf<{ name: string }>();
  });

  it("collects an async iterable into an array, as a Go List returns a slice", async () => {
    const [names, err] = await things.list();
    expect([names, err]).toEqual([["a", "b"], undefined]);
    expectTypeOf(names).toEqualTypeOf<string[] | undefined>();
  });

  it("rethrows what is not an SDK error (a bug), as a Go panic", async () => {
    await expect(things.frobnicate()).rejects.toThrow(TypeError);
    expectTypeOf(things.frobnicate).returns.resolves.toEqualTypeOf<
      | readonly [value: number, err: undefined]
      | readonly [value: undefined, err: BaristaError & { readonly code: ErrorCode }]
    >();
  });

  it("leaves out members that are not methods", () => {
    expect((things as Record<string, unknown>)["label"]).toBeUndefined();
    expectTypeOf(things).not.toHaveProperty("label");
  });
});

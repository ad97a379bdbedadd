import { describe, expect, it } from "vitest";
import { childSignal, neverAbortingSignal, onAbort } from "./abort.js";

describe("abort subscriptions", () => {
  it("calls every live subscriber once, and none that unsubscribed", () => {
    const controller = new AbortController();
    const seen: string[] = [];
    onAbort(controller.signal, () => seen.push("a"));
    const off = onAbort(controller.signal, () => seen.push("b"));
    onAbort(controller.signal, () => seen.push("c"));
    off();
    controller.abort();
    controller.abort();
    expect(seen).toEqual(["a", "c"]);
  });

  it("keeps one listener on a shared signal however many subscribe", () => {
    const controller = new AbortController();
    let added = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = (...args: Parameters<AbortSignal["addEventListener"]>) => {
      added++;
      add(...args);
    };
    const offs = Array.from({ length: 1_000 }, () => onAbort(controller.signal, () => undefined));
    for (const off of offs) off();
    onAbort(controller.signal, () => undefined);
    expect(added).toBe(1);
  });

  it("gives each operation a child signal that follows its parent, and none for a signal that never fires", () => {
    const parent = new AbortController();
    const child = childSignal(parent.signal);
    const released = childSignal(parent.signal);
    released.release();
    parent.abort(new Error("stop"));
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toEqual(new Error("stop"));
    expect(released.signal.aborted).toBe(false);

    const never = neverAbortingSignal();
    expect(childSignal(never).signal).not.toBe(never);
    expect(childSignal(undefined).signal.aborted).toBe(false);
    const late = childSignal(parent.signal);
    expect(late.signal.aborted).toBe(true);
  });
});

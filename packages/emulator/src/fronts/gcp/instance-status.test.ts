import { describe, expect, it } from "vitest";
import { defaultTiming } from "../../world/timing.js";
import type { Vm, VmState } from "../../world/types.js";
import type { InstanceEntry } from "./instance-book.js";
import { instanceStatusOf } from "./instance-status.js";

const vm = (state: VmState, stateSince = 0) => ({ state, stateSince }) as Vm;
const suspended = { suspended: true } as InstanceEntry;

describe("instance status", () => {
  it("maps the world's VM states to Compute Engine's", () => {
    const half = defaultTiming.vmBootMs / 2;
    expect(instanceStatusOf(vm("pending"), undefined, defaultTiming, half - 1)).toBe("PROVISIONING");
    expect(instanceStatusOf(vm("pending"), undefined, defaultTiming, half)).toBe("STAGING");
    expect(instanceStatusOf(vm("starting"), undefined, defaultTiming, 0)).toBe("PROVISIONING");
    expect(instanceStatusOf(vm("running"), undefined, defaultTiming, 0)).toBe("RUNNING");
    expect(instanceStatusOf(vm("rebooting"), undefined, defaultTiming, 0)).toBe("RUNNING");
    expect(instanceStatusOf(vm("stopping"), undefined, defaultTiming, 0)).toBe("STOPPING");
    expect(instanceStatusOf(vm("stopped"), undefined, defaultTiming, 0)).toBe("TERMINATED");
    expect(instanceStatusOf(vm("stopping"), suspended, defaultTiming, 0)).toBe("SUSPENDING");
    expect(instanceStatusOf(vm("stopped"), suspended, defaultTiming, 0)).toBe("SUSPENDED");
    expect(instanceStatusOf(vm("shutting-down"), undefined, defaultTiming, 0)).toBe("STOPPING");
    expect(instanceStatusOf(vm("terminated"), undefined, defaultTiming, 0)).toBeUndefined();
    expect(instanceStatusOf(vm("error"), undefined, defaultTiming, 0)).toBeUndefined();
  });
});

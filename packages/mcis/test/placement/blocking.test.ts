import { BaristaError } from "@cloud-barista/core";
import type { ErrorCode } from "@cloud-barista/core";
import { describe, expect, it } from "vitest";
import { BlockList, blockActionFor, blockFor, blockingTable, describeBlock } from "../../src/placement/blocking.js";
import type { Block } from "../../src/placement/blocking.js";
import { offer } from "./support.js";

const error = (code: ErrorCode, field?: string): BaristaError =>
  new BaristaError(code, `${code}!`, field ? { field } : {});
const seoulA = offer({
  connection: "seoul-a",
  provider: "AWS",
  region: "ap-northeast-2",
  zone: "ap-northeast-2a",
  specName: "t3.small",
});
const seoulA2 = offer({ ...seoulA, connection: "seoul-a2", specName: "t3.small" });
const seoulB = offer({ ...seoulA, connection: "seoul-b", zone: "ap-northeast-2b" });
const tokyo = offer({ ...seoulA, connection: "tokyo", region: "ap-northeast-1", zone: "ap-northeast-1a" });
const gcp = offer({ ...seoulA, connection: "gcp", provider: "GCP" });

describe("blocking table", () => {
  it("maps each failure to the narrowest scope where it would recur", () => {
    expect(blockActionFor(error("CapacityUnavailable"))).toBe("zone");
    expect(blockActionFor(error("QuotaExceeded"))).toBe("region");
    expect(blockActionFor(error("Unauthenticated"))).toBe("provider");
    expect(blockActionFor(error("PermissionDenied"))).toBe("provider");
    expect(blockActionFor(error("NotFound"))).toBe("offer");
    expect(blockActionFor(error("InvalidArgument", "imageIID"))).toBe("offer");
    expect(blockActionFor(error("InvalidArgument", "subnets[0].zone"))).toBe("zone");
    expect(blockActionFor(error("Timeout"))).toBe("zone");
    expect(blockActionFor(error("Aborted"))).toBe("stop");
    expect(blockActionFor(new Error("socket hang up"))).toBe("zone");
  });

  it("covers every error code", () => {
    const codes: ErrorCode[] = [
      "NotFound",
      "AlreadyExists",
      "InvalidArgument",
      "NotSupported",
      "Unauthenticated",
      "PermissionDenied",
      "QuotaExceeded",
      "CapacityUnavailable",
      "Throttled",
      "Timeout",
      "Aborted",
      "Conflict",
      "ProviderError",
    ];
    expect(Object.keys(blockingTable).sort()).toEqual([...codes].sort());
  });
});

describe("BlockList", () => {
  const blocked = (block: Block | "stop") => {
    const list = new BlockList(block === "stop" ? [] : [block]);
    return [seoulA, seoulA2, seoulB, tokyo, gcp].filter((o) => list.blocking(o)).map((o) => o.connection);
  };

  it("blocks a zone on capacity, a region on quota, a provider on credentials, an offer on NotFound", () => {
    expect(blocked(blockFor(seoulA, error("CapacityUnavailable")))).toEqual(["seoul-a", "seoul-a2"]);
    expect(blocked(blockFor(seoulA, error("QuotaExceeded")))).toEqual(["seoul-a", "seoul-a2", "seoul-b"]);
    expect(blocked(blockFor(seoulA, error("PermissionDenied")))).toEqual(["seoul-a", "seoul-a2", "seoul-b", "tokyo"]);
    expect(blocked(blockFor(seoulA, error("NotFound")))).toEqual(["seoul-a"]);
    expect(blockFor(seoulA, error("Aborted"))).toBe("stop");
  });

  it("does not add a block a wider one already covers", () => {
    const list = new BlockList();
    expect(list.add(blockFor(seoulA, error("QuotaExceeded")) as Block)).toBe(true);
    expect(list.add(blockFor(seoulA, error("CapacityUnavailable")) as Block)).toBe(false);
    expect(list.add(blockFor(seoulA, error("NotFound")) as Block)).toBe(false);
    expect(list.add(blockFor(tokyo, error("CapacityUnavailable")) as Block)).toBe(true);
    expect(list.list().map(describeBlock)).toEqual([
      "region AWS ap-northeast-2",
      "zone AWS ap-northeast-1/ap-northeast-1a",
    ]);
  });
});

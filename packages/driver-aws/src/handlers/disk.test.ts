import { describe, expect, it } from "vitest";
import { toDiskInfo } from "./disk.js";

describe("EBS volumes as DescribeVolumes answers them", () => {
  it("show a state the driver does not know as Unknown, never Error, keeping the raw state", () => {
    const disk = toDiskInfo({ VolumeId: "vol-0123456789abcdef0", State: "recovering" as never, Size: 8 });
    expect(disk.status).toBe("Unknown");
    expect(disk.extra?.["nativeState"]).toBe("recovering");
    expect(toDiskInfo({ VolumeId: "vol-1", State: "error" }).status).toBe("Error");
  });

  it("take the volume id as name without a Name tag, and report provisioned performance", () => {
    const disk = toDiskInfo({ VolumeId: "vol-1", State: "available", VolumeType: "gp3", Iops: 3000, Throughput: 125 });
    expect(disk.iid).toEqual({ nameId: "vol-1", systemId: "vol-1" });
    expect(disk.extra).toMatchObject({ iops: "3000", throughputMiBps: "125" });
  });
});

import { closedAfterEach } from "@cloud-barista/core/testing";
import { describe, expect, it } from "vitest";
import { awsFixture } from "./setup.js";

// Provisioned IOPS and throughput through the public API: checked by the runtime before any call,
// defaulted by the driver where EC2 requires them (io1, io2), shown in the disk's extra.

const open = closedAfterEach(awsFixture);

describe("EBS performance settings", () => {
  it("refuses impossible settings before any call", async () => {
    const f = await open();
    await expect(f.conn.disk.create({ name: "d", diskType: "io1", diskIops: 0 })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "diskIops",
    });
    await expect(f.conn.disk.create({ name: "d", diskType: "gp3", diskThroughputMiBps: 5000 })).rejects.toMatchObject({
      code: "InvalidArgument",
      field: "diskThroughputMiBps",
    });
    await f.barista.history.flush();
    expect(await f.barista.history.query({ api: "CreateVolume" })).toEqual([]);
  });

  it("provisions what is asked, and a default for io1 and io2 (3,000 IOPS within EC2's ratio)", async () => {
    const f = await open();
    const gp3 = await f.conn.disk.create({ name: "fast", diskType: "gp3", diskIops: 4000, diskThroughputMiBps: 500 });
    expect(gp3.extra).toMatchObject({ iops: "4000", throughputMiBps: "500" });
    // io2: 1,000 IOPS per GiB, so 3,000; io1: 50 per GiB, so 10 GiB gets 500.
    expect((await f.conn.disk.create({ name: "io2", diskType: "io2", diskSizeGB: 10 })).extra?.["iops"]).toBe("3000");
    expect((await f.conn.disk.create({ name: "io1", diskType: "io1", diskSizeGB: 10 })).extra?.["iops"]).toBe("500");
    // EC2's own refusal comes through typed: io1 above 50 IOPS per GiB.
    await expect(
      f.conn.disk.create({ name: "too", diskType: "io1", diskSizeGB: 10, diskIops: 1000 }),
    ).rejects.toMatchObject({ code: "InvalidArgument", nativeCode: "InvalidParameterValue" });
  });
});

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseNetDev } from "./net.js";

const netDev = fileURLToPath(new URL("../../test/fixtures/host-a/proc/net/dev", import.meta.url));

describe("parseNetDev", () => {
  it("reads every interface but loopback, also when a counter runs into the colon", async () => {
    const points = parseNetDev(await readFile(netDev, "utf8"), 2);
    expect(points.map((p) => p.tags.interface)).toEqual(["eth0", "ens5"]);
    expect(points[0]).toEqual({
      measurement: "net",
      tags: { interface: "eth0" },
      fields: {
        bytes_recv: 4294967295n, // a 32-bit counter at its top: passed on as is
        packets_recv: 5000n,
        err_in: 1n,
        drop_in: 2n,
        bytes_sent: 98765n,
        packets_sent: 400n,
        err_out: 3n,
        drop_out: 4n,
      },
      time: 2,
    });
  });

  it("skips the header and malformed lines", () => {
    expect(parseNetDev("Inter-|   Receive\n face |bytes\n eth1: 1 2 3\n", 0)).toEqual([]);
  });
});

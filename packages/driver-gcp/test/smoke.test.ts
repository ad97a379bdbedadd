import { collect } from "@cloud-barista/core";
import { afterEach, expect, it } from "vitest";
import { gcpFixture } from "./setup.js";
import type { GcpFixture } from "./setup.js";

let f: GcpFixture | undefined;
afterEach(async () => {
  await f?.close();
});

it("smoke", async () => {
  f = await gcpFixture();
  const prices = await collect(f.conn.metadata.prices()).catch((e: unknown) => String(e));
  console.log(JSON.stringify(prices).slice(0, 600));
  const vpc = await f.conn.vpc
    .create({ name: "net", ipv4Cidr: "10.0.0.0/16", subnets: [{ name: "web", ipv4Cidr: "10.0.1.0/24" }] })
    .catch((e: unknown) => String(e));
  console.log(JSON.stringify(vpc));
  const key = await f.conn.keyPair.create({ name: "k1" }).catch((e: unknown) => String(e));
  console.log(JSON.stringify(key).slice(0, 300));
  expect(1).toBe(1);
}, 60_000);

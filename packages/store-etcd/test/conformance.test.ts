import { randomUUID } from "node:crypto";
import { describeStoreConformance } from "@cloud-barista/core/testing";
import { openEtcdStore } from "../src/index.js";
import { useEtcd } from "./etcd-server.js";

const etcd = useEtcd();

// Every test gets an empty store: a fresh namespace on the shared etcd. The suite's TTL tests need
// a virtual clock, which etcd leases cannot follow; ttl.test.ts covers TTLs in real time instead.
describeStoreConformance("etcd", () =>
  openEtcdStore({ endpoints: [etcd().endpoint], prefix: `conformance/${randomUUID()}/` }),
);

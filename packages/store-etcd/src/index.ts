export { EtcdStore, openEtcdStore } from "./etcd-store.js";
export type { EtcdStoreOptions } from "./etcd-store.js";
export type { EtcdAuth } from "./gateway.js";

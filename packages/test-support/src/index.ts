export { startJsonLineChild } from "./json-line-child.js";
export type { JsonLineChild, JsonLineChildOptions } from "./json-line-child.js";
export { until } from "./until.js";
export { startSshd, sshKeyPair, sshFingerprint } from "./sshd.js";
export type { Sshd, SshdOptions, SshKeyPair } from "./sshd.js";

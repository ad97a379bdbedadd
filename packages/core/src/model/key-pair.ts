import type { Extra, IID, Tags } from "./common.js";

/** What `connection.keyPair.create` takes. */
export interface KeyPairRequest {
  name: string;
  tags?: Tags;
}

/** An SSH key pair; `privateKey` only in the answer of the create. */
export interface KeyPairInfo {
  iid: IID;
  fingerprint: string;
  publicKey?: string;
  /** Present only in the result of create: the cloud never returns it again. */
  privateKey?: string;
  /** The login user of VMs that use this key. */
  vmUserId: string;
  tags?: Tags;
  extra?: Extra;
}

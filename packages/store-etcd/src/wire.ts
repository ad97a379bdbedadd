// The gateway's JSON forms of the etcd v3 messages this package uses (etcdserverpb / mvccpb).
// Protobuf JSON rules apply: int64 fields are decimal strings, bytes are base64, and fields holding
// their default value (0, "", false, empty list) are left out.

export interface ResponseHeader {
  revision?: string;
}

export interface KeyValue {
  key: string;
  value?: string;
  mod_revision?: string;
  lease?: string;
}

export interface RangeResponse {
  header?: ResponseHeader;
  kvs?: KeyValue[];
}

export interface PutResponse {
  header?: ResponseHeader;
}

export interface DeleteRangeResponse {
  header?: ResponseHeader;
  deleted?: string;
}

export interface TxnResponse {
  header?: ResponseHeader;
  succeeded?: boolean;
}

export interface LeaseGrantResponse {
  /** Lease ids are int64 and often exceed 2^53: keep them as strings. */
  ID?: string;
  /** The TTL granted, in seconds; etcd raises requests below its minimum. */
  TTL?: string;
}

export interface LeaseKeepAliveResponse {
  /** The gateway streams keep-alive answers, one `result` per request; TTL 0 (left out): the lease ended. */
  result?: { ID?: string; TTL?: string };
}

export type Compare =
  | { key: string; target: "MOD"; result: "EQUAL"; mod_revision: string }
  | { key: string; target: "VERSION"; result: "EQUAL" | "LESS"; version: string };

export type RequestOp =
  { request_put: { key: string; value: string; lease?: string } } | { request_delete_range: { key: string } };

// The sandbox's storage contract, shaped like etcd's KV API (the subset kube-apiserver uses):
// one global revision, per-key create/mod revisions, range reads at a past revision with a limit.
// Two backends implement it: the in-memory MVCC store (memory.ts) and real etcd (etcd.ts).

export interface KeyValue {
  key: string;
  /** The stored bytes as text (the sandbox stores JSON, where kube-apiserver stores protobuf). */
  value: string;
  createRevision: number;
  modRevision: number;
  /** How many times this key was written since its creation (etcd's `version`). */
  version: number;
}

export interface RangeRequest {
  key: string;
  /** Exclusive end; omit for a single-key get. Use prefixEnd(key) for a prefix scan. */
  rangeEnd?: string;
  /** Read at this revision; 0 or omitted = the current revision. */
  revision?: number;
  /** Maximum keys returned; 0 or omitted = no limit. */
  limit?: number;
}

export interface RangeResponse {
  kvs: KeyValue[];
  /** True when the range holds more keys than were returned (limit reached). */
  more: boolean;
  /** Number of keys in the range at that revision, ignoring the limit (etcd's `count`). */
  count: number;
  /** The revision the read was served at (etcd's header revision). */
  revision: number;
}

/**
 * kube-apiserver's write transaction (storage/etcd3/store.go): "if the key's mod revision is still
 * `compareModRevision` (0: the key does not exist), put this value / delete the key; else read it".
 */
export interface TxnRequest {
  key: string;
  compareModRevision: number;
  /** The value to put, or null to delete the key. */
  value: string | null;
}

export interface TxnResponse {
  succeeded: boolean;
  /** The store's revision after the transaction (the new mod revision when it succeeded). */
  revision: number;
  /** When the compare failed: the key as it is now (undefined when it does not exist). */
  current?: KeyValue;
  /** etcd's response header (real-etcd backends only). */
  header?: { clusterId: string; memberId: string; revision: string; raftTerm: string };
}

export class RevisionCompactedError extends Error {
  constructor(readonly requested: number, readonly compacted: number) {
    super(`required revision ${requested} has been compacted (oldest available ${compacted})`);
  }
}

export class FutureRevisionError extends Error {
  constructor(readonly requested: number, readonly current: number) {
    super(`required revision ${requested} is a future revision (current ${current})`);
  }
}

export interface Storage {
  readonly backend: 'memory' | 'etcd';
  /** The current global revision. */
  currentRevision(): Promise<number>;
  range(req: RangeRequest): Promise<RangeResponse>;
  /** Creates or replaces a key; returns the new global revision. */
  put(key: string, value: string): Promise<number>;
  /** Deletes a key; returns the new global revision (unchanged when the key did not exist). */
  delete(key: string): Promise<number>;
  /** One compare-and-write transaction on one key (the write path's only way to write). */
  txn(req: TxnRequest): Promise<TxnResponse>;
  close(): Promise<void>;
  /** etcd's response header of the most recent range (real-etcd backends only), for the glass box. */
  lastHeader?(): { clusterId: string; memberId: string; revision: string; raftTerm: string } | null;
  /** The etcd server's version (real-etcd backends only), e.g. "3.5.16": what kube-apiserver checks before serving consistent lists from its cache. */
  readonly serverVersion?: string;
}

/** The smallest key greater than every key that starts with `prefix` (etcd's clientv3.GetPrefixRangeEnd). */
export function prefixEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return '\u0000';
}

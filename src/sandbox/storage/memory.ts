// An in-process MVCC key space: every write bumps one global revision and appends a version to the
// key's history, so reads at an older revision see the data as it was (what continue tokens rely on).

import { FutureRevisionError, type KeyValue, type RangeRequest, type RangeResponse, type Storage, type TxnRequest, type TxnResponse } from './types.js';

interface Version {
  value: string | null; // null = tombstone
  createRevision: number;
  modRevision: number;
  version: number;
}

export class MemoryStorage implements Storage {
  readonly backend = 'memory' as const;
  private rev = 1; // etcd starts at revision 1 with an empty key space
  private readonly history = new Map<string, Version[]>();
  private readonly keys: string[] = []; // sorted

  currentRevision(): Promise<number> {
    return Promise.resolve(this.rev);
  }

  /** Synchronous current revision (for the sandbox's own bookkeeping). */
  revisionNow(): number {
    return this.rev;
  }

  put(key: string, value: string): Promise<number> {
    return Promise.resolve(this.putSync(key, value));
  }

  putSync(key: string, value: string): number {
    this.rev++;
    let versions = this.history.get(key);
    if (!versions) {
      versions = [];
      this.history.set(key, versions);
      this.keys.splice(this.insertionIndex(key), 0, key);
    }
    const last = versions[versions.length - 1];
    const live = last !== undefined && last.value !== null;
    versions.push({
      value,
      createRevision: live ? last.createRevision : this.rev,
      modRevision: this.rev,
      version: live ? last.version + 1 : 1,
    });
    return this.rev;
  }

  delete(key: string): Promise<number> {
    const versions = this.history.get(key);
    const last = versions?.[versions.length - 1];
    if (!versions || !last || last.value === null) return Promise.resolve(this.rev);
    this.rev++;
    versions.push({ value: null, createRevision: 0, modRevision: this.rev, version: 0 });
    return Promise.resolve(this.rev);
  }

  txn(req: TxnRequest): Promise<TxnResponse> {
    const versions = this.history.get(req.key);
    const last = versions?.[versions.length - 1];
    const live = last !== undefined && last.value !== null ? last : undefined;
    if ((live?.modRevision ?? 0) !== req.compareModRevision) {
      const current = live ? { key: req.key, value: live.value as string, createRevision: live.createRevision, modRevision: live.modRevision, version: live.version } : undefined;
      return Promise.resolve({ succeeded: false, revision: this.rev, ...(current ? { current } : {}) });
    }
    if (req.value === null) {
      if (!live) return Promise.resolve({ succeeded: true, revision: this.rev });
      this.rev++;
      (versions as Version[]).push({ value: null, createRevision: 0, modRevision: this.rev, version: 0 });
      return Promise.resolve({ succeeded: true, revision: this.rev });
    }
    return Promise.resolve({ succeeded: true, revision: this.putSync(req.key, req.value) });
  }

  range(req: RangeRequest): Promise<RangeResponse> {
    const at = req.revision && req.revision > 0 ? req.revision : this.rev;
    if (at > this.rev) return Promise.reject(new FutureRevisionError(at, this.rev));
    const limit = req.limit && req.limit > 0 ? req.limit : Infinity;
    const kvs: KeyValue[] = [];
    let count = 0;
    const end = req.rangeEnd;
    const from = this.insertionIndex(req.key);
    for (let i = from; i < this.keys.length; i++) {
      const key = this.keys[i] as string;
      if (end === undefined ? key !== req.key : key >= end) break;
      const v = versionAt(this.history.get(key), at);
      if (!v || v.value === null) continue;
      count++;
      if (kvs.length < limit) {
        kvs.push({ key, value: v.value, createRevision: v.createRevision, modRevision: v.modRevision, version: v.version });
      }
    }
    return Promise.resolve({ kvs, more: count > kvs.length, count, revision: at });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private insertionIndex(key: string): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.keys[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function versionAt(versions: Version[] | undefined, rev: number): Version | undefined {
  if (!versions) return undefined;
  for (let i = versions.length - 1; i >= 0; i--) {
    const v = versions[i] as Version;
    if (v.modRevision <= rev) return v;
  }
  return undefined;
}

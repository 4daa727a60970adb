// The sandbox's watch cache: like kube-apiserver's cacher (one per resource), an in-memory copy of
// every object under the resource's key prefix, at one revision. kube-apiserver keeps its copy
// current from an etcd watch and learns, through progress notifications, that nothing changed up to a
// newer revision. The sandbox has no watch stream on its store, so when a read needs the copy to be at
// least as new as a given revision it catches up by reading the prefix again at that revision, and
// says so. Since the sandbox never writes, that only happens when someone else moved the revision
// (another writer on a shared etcd, or a test writing to the store).

import type { KeyValue, Storage } from './storage/types.js';
import { prefixEnd } from './storage/types.js';

export interface Freshness {
  /** The cache's revision before this read. */
  revisionBefore: number;
  /** The revision it answers at. */
  revision: number;
  /** 'relisted' when it had to read the prefix again to get there. */
  caughtUp: 'already-current' | 'relisted';
}

export class WatchCache {
  private keys: string[] = [];
  private entries = new Map<string, KeyValue>();
  private rev = 0;
  private refreshing: Promise<void> | null = null;

  /** `prefix` is the resource's key prefix with its trailing slash, e.g. "/registry/pods/". */
  constructor(private readonly storage: Storage, readonly prefix: string) {}

  /** The initial list, as the cacher's reflector does when the API server starts. */
  async start(): Promise<void> {
    await this.relist(0);
  }

  get revision(): number {
    return this.rev;
  }

  get size(): number {
    return this.keys.length;
  }

  /** Makes the copy at least as new as `revision` (kube: watchCache.waitUntilFreshAndBlock). */
  async waitUntilFresh(revision: number): Promise<Freshness> {
    const before = this.rev;
    if (revision <= this.rev) return { revisionBefore: before, revision: this.rev, caughtUp: 'already-current' };
    await this.relist(revision);
    return { revisionBefore: before, revision: this.rev, caughtUp: 'relisted' };
  }

  /** The cached objects whose keys start with `keyPrefix`, in key order. */
  list(keyPrefix: string): KeyValue[] {
    const out: KeyValue[] = [];
    let i = lowerBound(this.keys, keyPrefix);
    for (; i < this.keys.length; i++) {
      const key = this.keys[i] as string;
      if (!key.startsWith(keyPrefix)) break;
      out.push(this.entries.get(key) as KeyValue);
    }
    return out;
  }

  get(key: string): KeyValue | undefined {
    return this.entries.get(key);
  }

  private relist(revision: number): Promise<void> {
    // One read at a time; a caller that wanted less than what the running read brings waits for it.
    this.refreshing ??= (async () => {
      try {
        const res = await this.storage.range({ key: this.prefix, rangeEnd: prefixEnd(this.prefix), ...(revision > 0 ? { revision } : {}) });
        if (res.revision < this.rev) return;
        this.entries = new Map(res.kvs.map((kv) => [kv.key, kv]));
        this.keys = res.kvs.map((kv) => kv.key);
        this.rev = res.revision;
      } finally {
        this.refreshing = null;
      }
    })();
    const running = this.refreshing;
    return running.then(() => (this.rev < revision ? this.relist(revision) : undefined));
  }
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

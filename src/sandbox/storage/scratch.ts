// A sandbox on a shared etcd writes its objects under a prefix of its own and removes exactly those
// keys again when it stops, so that a learner's etcd is left as it was found.

import { randomBytes } from 'node:crypto';
import type { RangeRequest, RangeResponse, Storage, TxnRequest, TxnResponse } from './types.js';
import type { EtcdHeader, EtcdStorage } from './etcd.js';

export class ScratchStorage implements Storage {
  private readonly written = new Set<string>();

  constructor(private readonly inner: Storage & { lastHeader?(): EtcdHeader | null }) {}

  get backend(): Storage['backend'] {
    return this.inner.backend;
  }

  lastHeader(): EtcdHeader | null {
    return this.inner.lastHeader?.() ?? null;
  }

  get serverVersion(): string | undefined {
    return this.inner.serverVersion;
  }

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  range(req: RangeRequest): Promise<RangeResponse> {
    return this.inner.range(req);
  }

  put(key: string, value: string): Promise<number> {
    this.written.add(key);
    return this.inner.put(key, value);
  }

  delete(key: string): Promise<number> {
    this.written.delete(key);
    return this.inner.delete(key);
  }

  async txn(req: TxnRequest): Promise<TxnResponse> {
    const res = await this.inner.txn(req);
    if (res.succeeded) {
      if (req.value === null) this.written.delete(req.key);
      else this.written.add(req.key);
    }
    return res;
  }

  async close(): Promise<void> {
    try {
      for (const key of this.written) await this.inner.delete(key);
    } finally {
      await this.inner.close();
    }
  }
}

/** The prefix one sandbox run writes under, e.g. "/kube-trace/3f9a1c2e" (keys then read …/registry/pods/…). */
export function runPrefix(): string {
  return `/kube-trace/${randomBytes(4).toString('hex')}`;
}

/** A real-etcd store for one sandbox run: its own prefix, its keys removed on close. */
export async function openEtcdScratch(endpoints: string[]): Promise<{ storage: Storage; prefix: string; etcd: EtcdStorage }> {
  const { createEtcdStorage } = await import('./etcd.js');
  const prefix = runPrefix();
  const etcd = await createEtcdStorage({ endpoints, prefix });
  return { storage: new ScratchStorage(etcd), prefix, etcd };
}

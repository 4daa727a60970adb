// The sandbox's storage on a real etcd, through the npm `etcd3` client (gRPC). Values are JSON, as with
// kube-apiserver's --storage-media-type=application/json; keys are the caller's kube-apiserver keys
// (/registry/pods/<ns>/<name>), optionally under a prefix so several sandboxes or tests share one etcd.
// `etcd3` is imported lazily: it loads gRPC and .proto files, which only this backend needs.

import type { Etcd3, IResponseHeader } from 'etcd3';
import { FutureRevisionError, RevisionCompactedError, type KeyValue, type RangeRequest, type RangeResponse, type Storage, type TxnRequest, type TxnResponse } from './types.js';

/** etcd's response header as the server sent it (uint64 fields kept as decimal strings). */
export interface EtcdHeader {
  clusterId: string;
  memberId: string;
  revision: string;
  raftTerm: string;
}

export interface EtcdStorageOptions {
  /** Client URLs or host:port pairs, e.g. ["127.0.0.1:2379"] or ["http://127.0.0.1:2379"]. */
  endpoints: string[];
  /** Prepended to every key (and stripped from keys read back), e.g. "/kube-trace/test-1". */
  prefix?: string;
  /** How long to wait for etcd's first answer before giving up (default 3000 ms). */
  dialTimeoutMs?: number;
  /** Deadline of each later call (default 10000 ms). */
  callTimeoutMs?: number;
}

/** etcd could not be reached or failed a call; the message is meant to be shown as is. */
export class EtcdUnavailableError extends Error {
  override readonly name = 'EtcdUnavailableError';
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

const DEFAULT_DIAL_TIMEOUT_MS = 3000;
const DEFAULT_CALL_TIMEOUT_MS = 10_000;
const COMPACTED = 'required revision has been compacted';
const FUTURE = 'required revision is a future revision';

export async function createEtcdStorage(opts: EtcdStorageOptions): Promise<EtcdStorage> {
  if (opts.endpoints.length === 0) {
    throw new EtcdUnavailableError('no etcd endpoints given', 'pass at least one, e.g. 127.0.0.1:2379');
  }
  let mod: typeof import('etcd3');
  try {
    mod = await import('etcd3');
  } catch (e) {
    throw new EtcdUnavailableError(`the etcd client library could not be loaded: ${messageOf(e)}`, 'install the npm package etcd3');
  }
  const callTimeoutMs = opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const client = new mod.Etcd3({
    hosts: opts.endpoints,
    // etcd's Go client dials directly; do not let grpc-js route etcd traffic through an http_proxy.
    grpcOptions: { 'grpc.enable_http_proxy': 0 },
    // Streams (watches) must not carry a deadline; every unary call does, so a dead etcd fails a read
    // instead of hanging the API server.
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
  });
  let serverVersion: string;
  try {
    ({ version: serverVersion } = await client.maintenance.status({ deadline: Date.now() + (opts.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS) }));
  } catch (e) {
    client.close();
    throw new EtcdUnavailableError(
      `etcd is not reachable at ${opts.endpoints.join(', ')}: ${grpcDetail(e, opts.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS)}`,
      'start etcd (e.g. `etcd` listens on 127.0.0.1:2379) or pass the right endpoint',
    );
  }
  return new EtcdStorage(client, opts.endpoints, opts.prefix ?? '', serverVersion);
}

export class EtcdStorage implements Storage {
  readonly backend = 'etcd' as const;
  private header: EtcdHeader | null = null;
  private readonly prefix: string;

  constructor(
    private readonly client: Etcd3,
    readonly endpoints: readonly string[],
    prefix: string,
    /** The etcd server's version, from its Status answer (e.g. "3.4.23"). */
    readonly serverVersion: string,
  ) {
    this.prefix = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  }

  /** The response header of the last range() (null before the first), for the glass box. */
  lastHeader(): EtcdHeader | null {
    return this.header;
  }

  async currentRevision(): Promise<number> {
    // Any read answers with the store's revision in its header; count_only on one key keeps it small.
    const res = await this.call(() => this.client.kv.range({ key: this.encode('/'), count_only: true }));
    return Number(res.header.revision);
  }

  async range(req: RangeRequest): Promise<RangeResponse> {
    const revision = req.revision && req.revision > 0 ? req.revision : 0;
    const res = await this.call(
      () =>
        this.client.kv.range({
          key: this.encode(req.key),
          ...(req.rangeEnd !== undefined ? { range_end: this.encodeEnd(req.rangeEnd) } : {}),
          ...(revision > 0 ? { revision } : {}),
          ...(req.limit && req.limit > 0 ? { limit: req.limit } : {}),
        }),
      revision,
    );
    this.header = headerOf(res.header);
    const kvs: KeyValue[] = res.kvs.map((kv) => ({
      key: this.decode(kv.key),
      value: kv.value.toString('utf8'),
      createRevision: Number(kv.create_revision),
      modRevision: Number(kv.mod_revision),
      version: Number(kv.version),
    }));
    // etcd's header carries the store's current revision even for a read at an older one; the read
    // happened at the requested revision, which is what kube-apiserver reports as the list's
    // resourceVersion (storage/etcd3/store.go: withRev, else the header's revision).
    return { kvs, more: res.more, count: Number(res.count), revision: revision > 0 ? revision : Number(res.header.revision) };
  }

  async put(key: string, value: string): Promise<number> {
    const res = await this.call(() => this.client.kv.put({ key: this.encode(key), value: Buffer.from(value, 'utf8') }));
    return Number(res.header.revision);
  }

  async delete(key: string): Promise<number> {
    // etcd does not bump the revision when nothing was deleted, like the in-memory store.
    const res = await this.call(() => this.client.kv.deleteRange({ key: this.encode(key) }));
    return Number(res.header.revision);
  }

  /** kube's etcd3 store: Txn(If(ModRevision(key) = n), Then(Put|Delete), Else(Get)). */
  async txn(req: TxnRequest): Promise<TxnResponse> {
    const key = this.encode(req.key);
    const res = await this.call(() =>
      this.client.kv.txn({
        compare: [{ key, target: 'Mod', result: 'Equal', mod_revision: req.compareModRevision }],
        success: [req.value === null ? { request_delete_range: { key } } : { request_put: { key, value: Buffer.from(req.value, 'utf8') } }],
        failure: [{ request_range: { key } }],
      }),
    );
    const header = headerOf(res.header);
    this.header = header;
    const kv = res.succeeded ? undefined : res.responses[0]?.response_range.kvs[0];
    const current: KeyValue | undefined = kv
      ? { key: req.key, value: kv.value.toString('utf8'), createRevision: Number(kv.create_revision), modRevision: Number(kv.mod_revision), version: Number(kv.version) }
      : undefined;
    return { succeeded: res.succeeded, revision: Number(res.header.revision), header, ...(current ? { current } : {}) };
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }

  private encode(key: string): Buffer {
    return Buffer.from(this.prefix + key, 'utf8');
  }

  /** A range end under the prefix; etcd's "\0" (every key from `key` on) becomes the prefix's end. */
  private encodeEnd(end: string): Buffer {
    if (end === '\u0000' && this.prefix !== '') return prefixEndBytes(Buffer.from(this.prefix, 'utf8'));
    return end === '\u0000' ? Buffer.from([0]) : this.encode(end);
  }

  private decode(key: Buffer): string {
    const text = key.toString('utf8');
    return text.startsWith(this.prefix) ? text.slice(this.prefix.length) : text;
  }

  /** Runs one call, turning etcd's revision errors into the storage contract's and the rest into a clear message. */
  private async call<T>(fn: () => Promise<T>, requested = 0): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const msg = messageOf(e);
      if (msg.includes(COMPACTED)) throw new RevisionCompactedError(requested, await this.oldestRevision(requested));
      if (msg.includes(FUTURE)) throw new FutureRevisionError(requested, await this.currentRevision());
      throw new EtcdUnavailableError(`etcd at ${this.endpoints.join(', ')} failed: ${grpcDetail(e)}`, 'check that etcd is still running');
    }
  }

  /**
   * etcd's compacted revision. A range names no number when it fails, so search for the oldest
   * revision a read still accepts: reads at the compacted revision itself succeed, older ones fail.
   */
  private async oldestRevision(failed: number): Promise<number> {
    const probe = async (rev: number): Promise<boolean> => {
      try {
        await this.client.kv.range({ key: this.encode('/'), revision: rev, count_only: true });
        return true;
      } catch (e) {
        if (messageOf(e).includes(COMPACTED)) return false;
        throw e;
      }
    };
    try {
      let lo = failed; // fails
      let hi = await this.currentRevision(); // the current revision is never compacted away
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2);
        if (await probe(mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    } catch {
      return 0; // unknown; the compaction error itself still stands
    }
  }
}

function headerOf(h: IResponseHeader): EtcdHeader {
  return { clusterId: h.cluster_id, memberId: h.member_id, revision: h.revision, raftTerm: h.raft_term };
}

/** clientv3.GetPrefixRangeEnd on bytes. */
function prefixEndBytes(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if ((end[i] as number) < 0xff) {
      end[i] = (end[i] as number) + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** grpc-js messages read "14 UNAVAILABLE: No connection established. Last error: …": say it plainly. */
function grpcDetail(e: unknown, timeoutMs?: number): string {
  const msg = messageOf(e);
  const errno = /\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)\b/.exec(msg)?.[1];
  if (errno === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (errno) return `cannot connect (${errno})`;
  // etcd3 stops calling a host for 5 s after three failures in a row.
  if (/circuit breaker is open/.test(msg)) return 'not answering (calls failed repeatedly; the client waits 5 s before trying again)';
  if (/DEADLINE_EXCEEDED|Deadline exceeded/i.test(msg)) return timeoutMs ? `no answer within ${timeoutMs} ms` : 'no answer in time';
  return msg.replace(/^\d+ /, '').replace(/\s*Resolution note:.*$/s, '').replace(/\s+/g, ' ').trim();
}

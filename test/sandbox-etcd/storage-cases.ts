// One table of storage behaviours, run against both backends (in-memory and real etcd), so the sandbox
// answers the same whichever it uses. Revisions are written relative to the revision before the case's
// first write ("+1" = the first write), because a shared etcd has already moved on.

import { prefixEnd, type RangeRequest, type Storage } from '../../src/sandbox/storage/types.js';

/** txn: the write path's compare-and-write; `compare` is relative (0 = "the key must not exist"), `value` null deletes. */
type Op = { put: string; value: string } | { delete: string } | { txn: string; compare: number; value: string | null };

/** [key, value, createRevision, modRevision, version], revisions relative. */
type Row = [string, string, number, number, number];

export interface StorageCase {
  name: string;
  ops: Op[];
  /** Relative revision each op returns. */
  opRevisions: number[];
  /** A read; its `revision`, when set, is relative too. */
  read: RangeRequest;
  want: { rows: Row[]; more: boolean; count: number; revision: number } | { error: 'FutureRevisionError' };
}

const pods = '/registry/pods/';
const pod = (ns: string, name: string): string => `${pods}${ns}/${name}`;
const json = (name: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name, ...extra } });

export const STORAGE_CASES: StorageCase[] = [
  {
    name: 'a create transaction (compare mod revision 0) writes a key that does not exist, and fails on one that does',
    ops: [
      { txn: pod('default', 'web'), compare: 0, value: json('web') },
      { txn: pod('default', 'web'), compare: 0, value: json('web', { labels: { v: '2' } }) },
    ],
    opRevisions: [1, 1],
    read: { key: pod('default', 'web') },
    want: { rows: [[pod('default', 'web'), json('web'), 1, 1, 1]], more: false, count: 1, revision: 1 },
  },
  {
    name: 'an update transaction writes when the mod revision still matches and fails on a stale one; a delete transaction removes the key',
    ops: [
      { txn: pod('default', 'web'), compare: 0, value: json('web') },
      { txn: pod('default', 'web'), compare: 1, value: json('web', { labels: { v: '2' } }) },
      { txn: pod('default', 'web'), compare: 1, value: json('web', { labels: { v: 'stale' } }) },
      { txn: pod('default', 'other'), compare: 0, value: json('other') },
      { txn: pod('default', 'other'), compare: 3, value: null },
    ],
    opRevisions: [1, 2, 2, 3, 4],
    read: { key: pods, rangeEnd: prefixEnd(pods) },
    want: { rows: [[pod('default', 'web'), json('web', { labels: { v: '2' } }), 1, 2, 2]], more: false, count: 1, revision: 4 },
  },
  {
    name: 'a get returns the written value with create = mod revision and version 1',
    ops: [{ put: pod('default', 'nginx'), value: json('nginx') }],
    opRevisions: [1],
    read: { key: pod('default', 'nginx') },
    want: { rows: [[pod('default', 'nginx'), json('nginx'), 1, 1, 1]], more: false, count: 1, revision: 1 },
  },
  {
    name: 'a second write keeps the create revision, moves the mod revision and counts the version',
    ops: [
      { put: pod('default', 'nginx'), value: json('nginx') },
      { put: pod('default', 'nginx'), value: json('nginx', { labels: { app: 'web' } }) },
    ],
    opRevisions: [1, 2],
    read: { key: pod('default', 'nginx') },
    want: { rows: [[pod('default', 'nginx'), json('nginx', { labels: { app: 'web' } }), 1, 2, 2]], more: false, count: 1, revision: 2 },
  },
  {
    name: 'a key deleted and written again starts over: new create revision, version 1',
    ops: [
      { put: pod('default', 'nginx'), value: json('nginx') },
      { put: pod('default', 'nginx'), value: json('nginx') },
      { delete: pod('default', 'nginx') },
      { put: pod('default', 'nginx'), value: json('nginx') },
    ],
    opRevisions: [1, 2, 3, 4],
    read: { key: pod('default', 'nginx') },
    want: { rows: [[pod('default', 'nginx'), json('nginx'), 4, 4, 1]], more: false, count: 1, revision: 4 },
  },
  {
    name: 'deleting a key that does not exist leaves the revision where it was',
    ops: [{ put: pod('default', 'a'), value: json('a') }, { delete: pod('default', 'missing') }],
    opRevisions: [1, 1],
    read: { key: pod('default', 'missing') },
    want: { rows: [], more: false, count: 0, revision: 1 },
  },
  {
    name: 'a get of a missing key is empty, with count 0',
    ops: [{ put: pod('default', 'a'), value: json('a') }],
    opRevisions: [1],
    read: { key: pod('default', 'b') },
    want: { rows: [], more: false, count: 0, revision: 1 },
  },
  {
    name: 'a prefix scan returns the keys under it in byte order, and nothing beside it',
    ops: [
      { put: pod('demo', 'worker'), value: json('worker') },
      { put: '/registry/podtemplates/default/t', value: '{}' },
      { put: pod('default', 'redis'), value: json('redis') },
      { put: '/registry/pods-x', value: '{}' },
      { put: pod('default', 'nginx'), value: json('nginx') },
    ],
    opRevisions: [1, 2, 3, 4, 5],
    read: { key: pods, rangeEnd: prefixEnd(pods) },
    want: {
      rows: [
        [pod('default', 'nginx'), json('nginx'), 5, 5, 1],
        [pod('default', 'redis'), json('redis'), 3, 3, 1],
        [pod('demo', 'worker'), json('worker'), 1, 1, 1],
      ],
      more: false,
      count: 3,
      revision: 5,
    },
  },
  {
    name: "a namespace's prefix does not reach a namespace whose name starts the same",
    ops: [
      { put: pod('default', 'a'), value: json('a') },
      { put: pod('default2', 'b'), value: json('b') },
    ],
    opRevisions: [1, 2],
    read: { key: pod('default', ''), rangeEnd: prefixEnd(pod('default', '')) },
    want: { rows: [[pod('default', 'a'), json('a'), 1, 1, 1]], more: false, count: 1, revision: 2 },
  },
  {
    name: 'a limit below the number of keys returns the first ones, more = true, and the full count',
    ops: [
      { put: pod('default', 'a'), value: json('a') },
      { put: pod('default', 'b'), value: json('b') },
      { put: pod('default', 'c'), value: json('c') },
    ],
    opRevisions: [1, 2, 3],
    read: { key: pods, rangeEnd: prefixEnd(pods), limit: 2 },
    want: {
      rows: [
        [pod('default', 'a'), json('a'), 1, 1, 1],
        [pod('default', 'b'), json('b'), 2, 2, 1],
      ],
      more: true,
      count: 3,
      revision: 3,
    },
  },
  {
    name: 'a limit equal to the number of keys returns them all with more = false',
    ops: [
      { put: pod('default', 'a'), value: json('a') },
      { put: pod('default', 'b'), value: json('b') },
    ],
    opRevisions: [1, 2],
    read: { key: pods, rangeEnd: prefixEnd(pods), limit: 2 },
    want: {
      rows: [
        [pod('default', 'a'), json('a'), 1, 1, 1],
        [pod('default', 'b'), json('b'), 2, 2, 1],
      ],
      more: false,
      count: 2,
      revision: 2,
    },
  },
  {
    name: 'deleted keys are not counted',
    ops: [
      { put: pod('default', 'a'), value: json('a') },
      { put: pod('default', 'b'), value: json('b') },
      { delete: pod('default', 'a') },
    ],
    opRevisions: [1, 2, 3],
    read: { key: pods, rangeEnd: prefixEnd(pods), limit: 1 },
    want: { rows: [[pod('default', 'b'), json('b'), 2, 2, 1]], more: false, count: 1, revision: 3 },
  },
  {
    name: 'a read at a past revision sees the keys as they were then, deleted ones included',
    ops: [
      { put: pod('default', 'a'), value: json('a') },
      { put: pod('default', 'b'), value: json('b') },
      { put: pod('default', 'a'), value: json('a', { labels: { v: '2' } }) },
      { delete: pod('default', 'b') },
      { put: pod('default', 'c'), value: json('c') },
    ],
    opRevisions: [1, 2, 3, 4, 5],
    read: { key: pods, rangeEnd: prefixEnd(pods), revision: 2 },
    want: {
      rows: [
        [pod('default', 'a'), json('a'), 1, 1, 1],
        [pod('default', 'b'), json('b'), 2, 2, 1],
      ],
      more: false,
      count: 2,
      revision: 2,
    },
  },
  {
    name: 'a read at a past revision with a limit counts the keys of that revision',
    ops: [
      { put: pod('default', 'a'), value: json('a') },
      { put: pod('default', 'b'), value: json('b') },
      { put: pod('default', 'c'), value: json('c') },
    ],
    opRevisions: [1, 2, 3],
    read: { key: pods, rangeEnd: prefixEnd(pods), revision: 2, limit: 1 },
    want: { rows: [[pod('default', 'a'), json('a'), 1, 1, 1]], more: true, count: 2, revision: 2 },
  },
  {
    name: 'a read before a key existed does not see it',
    ops: [
      { put: pod('default', 'a'), value: json('a') },
      { put: pod('default', 'b'), value: json('b') },
    ],
    opRevisions: [1, 2],
    read: { key: pod('default', 'b'), revision: 1 },
    want: { rows: [], more: false, count: 0, revision: 1 },
  },
  {
    name: 'values come back byte for byte, non-ASCII included',
    ops: [{ put: pod('default', 'café'), value: json('café', { annotations: { note: 'kubernetes ☸ — “quoted”' } }) }],
    opRevisions: [1],
    read: { key: pod('default', 'café') },
    want: {
      rows: [[pod('default', 'café'), json('café', { annotations: { note: 'kubernetes ☸ — “quoted”' } }), 1, 1, 1]],
      more: false,
      count: 1,
      revision: 1,
    },
  },
  {
    name: 'a read at a revision not yet written fails as a future revision',
    ops: [{ put: pod('default', 'a'), value: json('a') }],
    opRevisions: [1],
    read: { key: pods, rangeEnd: prefixEnd(pods), revision: 5 },
    want: { error: 'FutureRevisionError' },
  },
];

export interface Observed {
  opRevisions: number[];
  result: { rows: Row[]; more: boolean; count: number; revision: number } | { error: string };
}

/** Runs one case on a storage whose keys are empty under `pods`, reporting revisions relative to its start. */
export async function runCase(storage: Storage, c: StorageCase): Promise<Observed> {
  const base = await storage.currentRevision();
  const opRevisions: number[] = [];
  for (const op of c.ops) {
    const rev = 'put' in op
      ? await storage.put(op.put, op.value)
      : 'delete' in op
        ? await storage.delete(op.delete)
        : (await storage.txn({ key: op.txn, compareModRevision: op.compare === 0 ? 0 : op.compare + base, value: op.value })).revision;
    opRevisions.push(rev - base);
  }
  const req: RangeRequest = { ...c.read, ...(c.read.revision ? { revision: c.read.revision + base } : {}) };
  try {
    const res = await storage.range(req);
    return {
      opRevisions,
      result: {
        rows: res.kvs.map((kv): Row => [kv.key, kv.value, kv.createRevision - base, kv.modRevision - base, kv.version]),
        more: res.more,
        count: res.count,
        revision: res.revision - base,
      },
    };
  } catch (e) {
    return { opRevisions, result: { error: e instanceof Error ? e.constructor.name : String(e) } };
  }
}

export function expected(c: StorageCase): Observed {
  return { opRevisions: c.opRevisions, result: c.want };
}

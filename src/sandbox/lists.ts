// GET of one object, LIST and WATCH: where each read is served from (storage or the watch cache), as
// the kube-apiserver version imitated decides it, and what the glass box records about it.
//
// v1.28 (storage/cacher/cacher.go shouldDelegateList): a list goes to etcd unless it names a
// resourceVersion and either has no limit or asks for "0"; the cache never pages (it ignores limit).
// v1.33 (storage/cacher/delegator.go shouldDelegateList, KEP-2340 ConsistentListFromCache): Exact,
// continue pages and legacy "resourceVersion=N with a limit" go to etcd; everything else, including
// a list without resourceVersion, is served from the cache, which pages when given a limit (except for
// resourceVersion=0). A consistent list first asks etcd for the current revision (a limit=1 read of
// the resource prefix key) and waits until the cache has reached it.

import type { GlassBoxRecord } from '../glassbox/types.js';
import type { Writable } from 'node:stream';
import { decodeContinue, encodeContinue } from '../apimachinery/continue-token.js';
import { performance } from 'node:perf_hooks';
import { etcdHeader, glassBoxMs, type Exchange } from './exchange.js';
import { isJsonRange, parseAccept } from './discovery.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from './field-selector.js';
import { goJson } from './go-json.js';
import { matchesLabels, parseLabelSelector, type LabelRequirement } from './label-selector.js';
import { resourceTable } from './resource-table.js';
import { decodeStored, groupVersionOf, listPrefix, objectKey, type KubeObject, type ResourceDef } from './resources.js';
import { writeHead } from './respond.js';
import { FutureRevisionError, prefixEnd, type KeyValue, type Storage } from './storage/types.js';
import type { WatchCache } from './watch-cache.js';

const MAX_WATCH_SECONDS = 300;

type StorageRecord = NonNullable<GlassBoxRecord['storage']>;

export type OutputKind = { as: 'json' } | { as: 'table'; version: 'v1' | 'v1beta1' };

export function negotiateOutput(accept: string | undefined): OutputKind | null {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return { as: 'json' };
  for (const m of ranges) {
    if (!isJsonRange(m)) continue;
    const as = m.params['as'];
    if (as === undefined) return { as: 'json' };
    if (as === 'Table' && m.params['g'] === 'meta.k8s.io' && (m.params['v'] === 'v1' || m.params['v'] === 'v1beta1')) return { as: 'table', version: m.params['v'] };
  }
  return null;
}

function stripTypeMeta(obj: KubeObject): KubeObject {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return rest;
}

function includeObjectOf(q: URLSearchParams): 'None' | 'Metadata' | 'Object' {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function table(x: Exchange, def: ResourceDef, objects: KubeObject[], version: 'v1' | 'v1beta1'): Record<string, unknown> {
  const include = includeObjectOf(x.url.searchParams);
  const opts = { now: x.state.now(), includeObject: include, kubeMinor: x.state.profile.minor };
  const t = resourceTable(def, objects, opts);
  if (version === 'v1beta1') t['apiVersion'] = 'meta.k8s.io/v1beta1';
  return t;
}

function cacheOf(x: Exchange, def: ResourceDef): WatchCache {
  const c = x.state.caches.get(def.prefix);
  if (!c) throw new Error(`no watch cache for ${def.prefix}`);
  return c;
}

/** The resource's own key (e.g. /registry/pods): what the limit=1 revision check reads. */
function resourceKey(def: ResourceDef): string {
  return def.prefix.replace(/\/$/, '');
}

export async function getOne(x: Exchange, def: ResourceDef, namespace: string, name: string, output: OutputKind): Promise<void> {
  const key = objectKey(def, namespace, name);
  const rv = x.url.searchParams.get('resourceVersion') ?? '';
  let kv: KeyValue | undefined;
  if (rv !== '' && /^\d+$/.test(rv) && Number(rv) <= (await x.state.storage.currentRevision())) {
    // A GET naming a resourceVersion is answered by the cache (both versions: cacher.Get).
    const cache = cacheOf(x, def);
    const fresh = await cache.waitUntilFresh(Number(rv));
    kv = cache.get(key);
    x.record.storage = {
      backend: x.state.storage.backend, operation: 'get', key, revision: fresh.revision, consistent: false, servedFrom: 'watch-cache',
      limit: 0, count: kv ? 1 : 0, totalKeysInRange: kv ? 1 : 0, more: false, bytes: kv ? Buffer.byteLength(kv.value) : 0, encoding: 'json',
      decision: `resourceVersion=${rv}: a GET with a resourceVersion is served from the watch cache`,
      watchCache: { resourcePrefix: def.prefix, ...fresh, keys: cache.size },
    };
    x.step('storage', kv ? `watch cache at revision ${fresh.revision}: ${key} (mod revision ${kv.modRevision})` : `watch cache at revision ${fresh.revision}: no ${key}`);
  } else {
    const res = await x.state.storage.range({ key });
    kv = res.kvs[0];
    x.record.storage = {
      backend: x.state.storage.backend, operation: 'get', key, revision: res.revision, consistent: true, servedFrom: 'storage',
      limit: 0, count: res.kvs.length, totalKeysInRange: res.count, more: false, bytes: kv ? Buffer.byteLength(kv.value) : 0, encoding: 'json',
      decision: 'a GET without resourceVersion is read from storage (cacher.Get delegates it)',
      ...etcdHeader(x.state.storage),
    };
    x.step('storage', kv ? `get ${key} at revision ${res.revision} (mod revision ${kv.modRevision})` : `get ${key}: no such key`);
  }
  if (!kv) {
    x.fail(404, 'NotFound', `${def.group ? `${def.resource}.${def.group}` : def.resource} "${name}" not found`, { name, ...(def.group ? { group: def.group } : {}), kind: def.resource });
    return;
  }
  const obj = decodeStored(kv.value, kv.modRevision);
  // Read through another version or group that shares the key (autoscaling/v1 and v2, events.k8s.io's
  // and core's events): the sandbox names the version asked for but does not convert the schema.
  if (obj['apiVersion'] !== groupVersionOf(def)) obj['apiVersion'] = groupVersionOf(def);
  if (output.as === 'json') {
    x.step('conversion', `${def.kind} as JSON`);
    x.send(200, obj, {}, { to: def.kind });
    return;
  }
  const t = table(x, def, [obj], output.version);
  t['metadata'] = { resourceVersion: String(kv.modRevision) };
  x.step('conversion', `${def.kind} → Table (1 row)`);
  x.send(200, t, {}, { to: 'Table', rows: 1 });
}

/** Where a list is read, decided before any read. */
type Route =
  | { from: 'storage'; start: string; revision: number; consistent: boolean; why: string }
  | { from: 'cache'; minRevision: 'consistent' | number; limit: number; why: string };

interface ListQuery {
  rv: string;
  rvMatch: string;
  token: string;
  limit: number;
}

/** v1.28's cacher.shouldDelegateList and etcd3 store.GetList, as one decision. */
function route128(q: ListQuery, prefix: string, current: number): Route | Error {
  const { rv, rvMatch, token, limit } = q;
  if (token) return continued(token, prefix);
  if (rv === '') return { from: 'storage', start: prefix, revision: current, consistent: true, why: 'no resourceVersion: a consistent read from storage (v1.28 serves lists from the watch cache only when they name a resourceVersion)' };
  const n = Number(rv);
  if (rvMatch === 'Exact') return { from: 'storage', start: prefix, revision: n, consistent: false, why: `resourceVersionMatch=Exact: storage at revision ${n}` };
  if (rv === '0') return { from: 'cache', minRevision: 0, limit: 0, why: 'resourceVersion=0: any revision will do, so the watch cache answers at its own revision; it does not page, the limit is ignored' };
  if (limit > 0) {
    return rvMatch === 'NotOlderThan'
      ? { from: 'storage', start: prefix, revision: current, consistent: false, why: `resourceVersionMatch=NotOlderThan with a limit: v1.28's watch cache does not page, so storage at the current revision (not older than ${n})` }
      : { from: 'storage', start: prefix, revision: n, consistent: false, why: `resourceVersion=${n} with a limit (legacy exact match): storage at revision ${n}` };
  }
  return { from: 'cache', minRevision: n, limit: 0, why: `resourceVersion=${n} without a limit: the watch cache, once it is at least at revision ${n}` };
}

/** v1.33's cacher/delegator.go shouldDelegateList and GetList (ConsistentListFromCache on). */
function route133(q: ListQuery, prefix: string, current: number, progress: { supported: true } | { supported: false; why: string }): Route | Error {
  const { rv, rvMatch, token, limit } = q;
  const n = Number(rv);
  if (rvMatch === 'Exact') return { from: 'storage', start: prefix, revision: n, consistent: false, why: `resourceVersionMatch=Exact: storage at revision ${n}` };
  if (rvMatch === '' && limit > 0 && rv !== '' && rv !== '0') return { from: 'storage', start: prefix, revision: n, consistent: false, why: `resourceVersion=${n} with a limit (legacy exact match): storage at revision ${n}` };
  if (token) return continued(token, prefix);
  if (rv === '') {
    if (!progress.supported) return { from: 'storage', start: prefix, revision: current, consistent: true, why: `no resourceVersion: a consistent read from storage, because ${progress.why}` };
    return { from: 'cache', minRevision: 'consistent', limit, why: 'no resourceVersion: a consistent read served from the watch cache, once it has caught up with the current revision that a limit=1 read of storage returned (ConsistentListFromCache, on since v1.31)' };
  }
  if (rv === '0') return { from: 'cache', minRevision: 0, limit: 0, why: 'resourceVersion=0: any revision will do, so the watch cache answers at its own revision and ignores the limit (cacher.go computeListLimit)' };
  return { from: 'cache', minRevision: n, limit, why: `resourceVersion=${n}${rvMatch ? ` (${rvMatch})` : ''}: the watch cache, once it is at least at revision ${n}${limit ? `; it pages with limit ${limit}` : ''}` };
}

function continued(token: string, prefix: string): Route | Error {
  try {
    const c = decodeContinue(token, prefix);
    return { from: 'storage', start: c.startKey, revision: c.revision, consistent: false, why: `a continue token: the next page is read from storage at the first page's revision ${c.revision}` };
  } catch (e) {
    return e as Error;
  }
}

interface Page {
  items: KubeObject[];
  lastKey: string;
  more: boolean;
  /** Every key in the range, matched or not (etcd's count; the cache's size of the range). */
  total: number;
  scanned: number;
  bytes: number;
}

export async function list(x: Exchange, def: ResourceDef, namespace: string, output: OutputKind, watch: boolean): Promise<void> {
  const q = x.url.searchParams;
  let labels: LabelRequirement[] = [];
  let fields: FieldRequirement[] = [];
  try {
    labels = parseLabelSelector(q.get('labelSelector') ?? '');
    fields = parseFieldSelector(q.get('fieldSelector') ?? '', def.fieldLabels);
  } catch (e) {
    x.fail(400, 'BadRequest', (e as Error).message);
    return;
  }
  const limitParam = q.get('limit');
  const query: ListQuery = {
    limit: limitParam && /^\d+$/.test(limitParam) ? Number(limitParam) : 0,
    rv: q.get('resourceVersion') ?? '',
    rvMatch: q.get('resourceVersionMatch') ?? '',
    token: q.get('continue') ?? '',
  };
  const prefix = listPrefix(def, namespace);
  if (watch) return startWatch(x, def, prefix, labels, fields, output, query.rv);

  const { rv, rvMatch, token } = query;
  if (rvMatch && rvMatch !== 'Exact' && rvMatch !== 'NotOlderThan') {
    x.fail(422, 'Invalid', `resourceVersionMatch: Unsupported value: "${rvMatch}": supported values: "Exact", "NotOlderThan"`);
    return;
  }
  if (rvMatch && rv === '') {
    x.fail(422, 'Invalid', 'resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
    return;
  }
  if (rv !== '' && !/^\d+$/.test(rv)) {
    x.fail(400, 'BadRequest', `invalid resource version: ${rv}`);
    return;
  }
  if (token && rv !== '' && rv !== '0') {
    x.fail(400, 'BadRequest', 'specifying resource version is not allowed when using continue');
    return;
  }
  const current = await x.state.storage.currentRevision();
  if (rv !== '' && !token && Number(rv) > current) {
    x.fail(504, 'Timeout', `Too large resource version: ${rv}, current: ${current}`, { retryAfterSeconds: 1, causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }] });
    return;
  }
  const route = x.state.profile.consistentListFromCache ? route133(query, prefix, current, x.state.watchProgress) : route128(query, prefix, current);
  if (route instanceof Error) {
    x.fail(400, 'BadRequest', `invalid continue token: ${route.message}`);
    return;
  }

  const filtered = labels.length > 0 || fields.length > 0;
  const matches = (obj: KubeObject): boolean => {
    const meta = obj['metadata'] as { labels?: Record<string, string> };
    return (labels.length === 0 || matchesLabels(labels, meta.labels)) && (fields.length === 0 || matchesFields(fields, def.fields(obj)));
  };
  const end = prefixEnd(prefix);
  let page: Page;
  let revision: number;
  let tokenPrefix: string;
  let limit: number;
  if (route.from === 'storage') {
    limit = query.limit;
    revision = route.revision;
    tokenPrefix = prefix;
    try {
      page = await readStorage(x.state.storage, route.start, end, revision, limit, matches);
    } catch (e) {
      // A continue token naming a revision etcd has not reached: kube's GetList passes etcd's
      // error through, and ErrorToAPIStatus makes it a 500 with no reason and no details.
      if (e instanceof FutureRevisionError) {
        x.send(500, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcdserver: mvcc: required revision is a future revision', code: 500 }, {}, { to: 'Status' });
        return;
      }
      throw e;
    }
    x.record.storage = {
      backend: x.state.storage.backend, operation: 'range', key: route.start, rangeEnd: end, revision, consistent: route.consistent, servedFrom: 'storage',
      limit, count: page.items.length, totalKeysInRange: page.total, more: page.more, bytes: page.bytes, encoding: 'json',
      ...etcdHeader(x.state.storage),
      decision: route.why,
    };
    x.step('storage', `range [${route.start}, ${end}) at revision ${revision}${limit ? ` limit ${limit}` : ''}: ${page.scanned} keys read, ${page.items.length} matched${page.more ? ', more remain' : ''}`);
  } else {
    limit = route.limit;
    const cache = cacheOf(x, def);
    let check: StorageRecord['revisionCheck'];
    let wanted = route.minRevision === 'consistent' ? 0 : route.minRevision;
    if (route.minRevision === 'consistent') {
      const key = resourceKey(def);
      const t0 = performance.now();
      const res = await x.state.storage.range({ key, limit: 1 });
      check = { operation: 'get', key, limit: 1, revision: res.revision, count: res.count, durationMs: glassBoxMs(performance.now() - t0), ...etcdHeader(x.state.storage) };
      wanted = res.revision;
    }
    const fresh = await cache.waitUntilFresh(wanted);
    revision = fresh.revision;
    // kube's cacher keys have no trailing slash on the list prefix, so the token's start keeps the slash.
    tokenPrefix = prefix.replace(/\/$/, '');
    page = readCache(cache, prefix, limit, filtered, matches);
    x.record.storage = {
      backend: x.state.storage.backend, operation: 'range', key: prefix, rangeEnd: end, revision, consistent: route.minRevision === 'consistent', servedFrom: 'watch-cache',
      limit, count: page.items.length, totalKeysInRange: page.total, more: page.more, bytes: page.bytes, encoding: 'json',
      decision: route.why,
      ...(check ? { revisionCheck: check } : {}),
      watchCache: { resourcePrefix: def.prefix, ...fresh, keys: cache.size },
    };
    const caught = fresh.caughtUp === 'relisted' ? `caught up from revision ${fresh.revisionBefore} by reading ${def.prefix} again` : 'already current';
    const ignored = query.limit && !limit ? `; limit ${query.limit} ignored` : '';
    const checked = check ? `revision check: get ${check.key} limit 1 from storage → revision ${check.revision}; then ` : '';
    x.step('storage', `${checked}watch cache at revision ${revision} (${caught}): ${page.total} keys under ${prefix}, ${page.items.length} matched${page.more ? ', more remain' : ''}${ignored}`);
  }

  const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
  if (page.more) {
    metadata['continue'] = encodeContinue(page.lastKey, tokenPrefix, revision);
    // storage.PrepareContinueToken: only without selectors (the count includes what they would drop).
    if (!filtered) metadata['remainingItemCount'] = Math.max(page.total - limit, 0);
  }
  if (output.as === 'json') {
    x.step('conversion', `${page.items.length} ${def.resource} as ${def.listKind}`);
    x.send(200, { kind: def.listKind, apiVersion: groupVersionOf(def), metadata, items: page.items.map(stripTypeMeta) }, {}, { to: def.listKind });
    return;
  }
  const t = table(x, def, page.items, output.version);
  t['metadata'] = metadata;
  x.step('conversion', `${page.items.length} ${def.resource} → Table (${page.items.length} rows)`);
  x.send(200, t, {}, { to: 'Table', rows: page.items.length });
}

/** etcd3 store.GetList: range reads of `limit` keys until the page is full or the range ends. */
async function readStorage(storage: Storage, start: string, end: string, revision: number, limit: number, matches: (o: KubeObject) => boolean): Promise<Page> {
  const items: KubeObject[] = [];
  let lastKey = '';
  let more = false;
  let bytes = 0;
  let total = -1;
  let scanned = 0;
  let cursor = start;
  for (;;) {
    const res = await storage.range({ key: cursor, rangeEnd: end, revision, limit });
    if (total < 0) total = res.count;
    let stoppedEarly = false;
    for (let i = 0; i < res.kvs.length; i++) {
      const kv = res.kvs[i] as KeyValue;
      scanned++;
      bytes += Buffer.byteLength(kv.value);
      lastKey = kv.key;
      const obj = decodeStored(kv.value, kv.modRevision);
      if (matches(obj)) items.push(obj);
      if (limit > 0 && items.length >= limit) {
        stoppedEarly = i < res.kvs.length - 1;
        break;
      }
    }
    more = stoppedEarly || res.more;
    if (limit === 0 || !res.more || items.length >= limit) break;
    cursor = lastKey + '\u0000';
  }
  return { items, lastKey, more: more && limit > 0, total: Math.max(total, 0), scanned, bytes };
}

/** cacher.GetList over the cached copy: every key under the prefix, a page of `limit` when it pages. */
function readCache(cache: WatchCache, prefix: string, limit: number, filtered: boolean, matches: (o: KubeObject) => boolean): Page {
  const all = cache.list(prefix);
  const items: KubeObject[] = [];
  let lastKey = '';
  let more = false;
  let bytes = 0;
  let scanned = 0;
  for (const kv of all) {
    if (limit > 0 && items.length >= limit) {
      // Reaching an item past a full page is how the cacher learns a continuation is needed.
      more = true;
      break;
    }
    scanned++;
    bytes += Buffer.byteLength(kv.value);
    const obj = decodeStored(kv.value, kv.modRevision);
    if (!filtered || matches(obj)) {
      items.push(obj);
      lastKey = kv.key;
    }
  }
  return { items, lastKey, more, total: all.length, scanned, bytes };
}

/** A watch from the watch cache: the current objects as ADDED events when asked from "0"/"", then the events of writes until timeoutSeconds. */
async function startWatch(x: Exchange, def: ResourceDef, prefix: string, labels: LabelRequirement[], fields: FieldRequirement[], output: OutputKind, rv: string): Promise<void> {
  const cache = cacheOf(x, def);
  const since = rv === '' || rv === '0' ? 0 : Number(rv) || 0;
  // kube-apiserver's watch encoder sends a Table's column definitions with the first event only
  // (handlers/watch.go: tableOptions.NoHeaders after the first object).
  let first = true;
  function encodeEvent(type: string, obj: KubeObject, revision: number): string {
    let object: unknown = obj;
    if (output.as === 'table') {
      const t = { ...table(x, def, [obj], output.version), metadata: { resourceVersion: String(revision) } };
      object = first ? t : { ...t, columnDefinitions: null };
    }
    first = false;
    return goJson({ type, object }, false);
  }
  const fresh = await cache.waitUntilFresh(Math.min(since, await x.state.storage.currentRevision()));
  const all = cache.list(prefix);
  const events: string[] = [];
  for (const kv of all) {
    if (kv.modRevision <= since) continue;
    const obj = decodeStored(kv.value, kv.modRevision);
    const meta = obj['metadata'] as { labels?: Record<string, string> };
    if (!matchesLabels(labels, meta.labels) || !matchesFields(fields, def.fields(obj))) continue;
    events.push(encodeEvent('ADDED', obj, kv.modRevision));
  }
  x.record.storage = {
    backend: x.state.storage.backend, operation: 'range', key: prefix, rangeEnd: prefixEnd(prefix), revision: fresh.revision, consistent: false, servedFrom: 'watch-cache',
    limit: 0, count: events.length, totalKeysInRange: all.length, more: false, bytes: 0, encoding: 'json',
    decision: 'a watch is served by the watch cache',
    watchCache: { resourcePrefix: def.prefix, ...fresh, keys: cache.size },
  };
  x.step('storage', `watch from revision ${since}: ${events.length} initial events from the watch cache at revision ${fresh.revision}`);
  const timeoutParam = Number(x.url.searchParams.get('timeoutSeconds') ?? '');
  const seconds = Number.isFinite(timeoutParam) && timeoutParam > 0 ? Math.min(timeoutParam, MAX_WATCH_SECONDS) : MAX_WATCH_SECONDS;
  const { res: out, state } = x;
  writeHead(out, x.ctx, 200, [['Audit-Id', x.ctx.auditId], ['Cache-Control', 'no-cache, private'], ['Content-Type', 'application/json']]);
  let bytes = 0;
  for (const e of events) {
    bytes += Buffer.byteLength(e);
    (out as Writable).write(e);
  }
  state.watches.add(out);
  // Changes made while the watch is open (writes, controllers, a scenario's script), in the order the
  // store took them (the sandbox's writers publish them; kube's cacher gets them from etcd).
  let sent = events.length;
  const unsubscribe = state.hub.subscribe(prefix, (e) => {
    if (e.revision <= since || out.writableEnded) return;
    const meta = e.object['metadata'] as { labels?: Record<string, string> };
    if (!matchesLabels(labels, meta.labels) || !matchesFields(fields, def.fields(e.object))) return;
    const line = encodeEvent(e.type, e.object, e.revision);
    bytes += Buffer.byteLength(line);
    sent++;
    (out as Writable).write(line);
  });
  state.onWatch?.(def.prefix);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, seconds * 1000);
    function done(): void {
      clearTimeout(timer);
      unsubscribe();
      state.watches.delete(out);
      if (!out.writableEnded) out.end();
      resolve();
    }
    out.once('close', done);
    out.once('finish', done);
  });
  x.finish(200, bytes, { to: 'WatchEvent', rows: sent });
}

// One write through kube-apiserver's stages, in the order the v1.33 captures pin
// (test/fixtures/real-apiserver-v1.33/write/README.md, "The stages of a write"): decoding with strict
// field validation and defaulting → managedFields → mutating admission → (update: the
// resourceVersion check) → the registry's PrepareForCreate/Update and Validate → validating
// admission → the storage transaction → the watch event. Every step is recorded for the glass box.
// The HTTP handler and the sandbox's simulated controllers both write through here.

import { performance } from 'node:perf_hooks';
import type { GlassBoxAdmissionStep, GlassBoxWrite } from '../../glassbox/types.js';
import { MUTATING } from '../admission/builtin.js';
import { podSecurity } from '../admission/pod-security.js';
import { validatingAdmissionPolicy } from '../admission/policy.js';
import { mutatingAdmissionWebhook, validatingAdmissionWebhook } from '../admission/webhooks.js';
import type { AdmissionAttributes, AdmissionPlugin, Operation } from '../admission/types.js';
import type { UserInfo } from '../rbac.js';
import { decodeStored, objectKey, type ResourceDef } from '../resources.js';
import { glassBoxMs } from '../exchange.js';
import { prefixEnd, type Storage } from '../storage/types.js';
import { applyDefaults, goOrder, prepareForCreate, tracksGeneration } from './defaults.js';
import { alreadyExists, ApiStatusError, conflict, invalid, notFound, qualified } from './errors.js';
import { FieldSet, fieldPaths, pathExists, strippedForFields, describePath, valueAt } from './fieldset.js';
import { jsonMergePatch, jsonPatch, PatchError, strategicMergePatch } from './patch.js';
import { listSemantics, isAtomicMap } from './schema.js';
import { strictDecodingError, validate } from './validation.js';
import { clone, deepEqual, diffPatch, isObject, obj, type Json, type JsonObject, str, drop } from './values.js';
import type { WatchHub } from './watch-hub.js';
import { itemKey } from './fieldset.js';

export interface WriteEnv {
  storage: Storage;
  hub: WatchHub;
  now: () => Date;
  /** v1.33 sets metadata.generation on pods. */
  podGeneration: boolean;
}

export type PatchType = 'strategic' | 'merge' | 'json' | 'apply';

export interface WriteRequest {
  verb: 'create' | 'update' | 'patch' | 'delete';
  def: ResourceDef;
  namespace: string;
  name: string;
  subresource: string;
  user: UserInfo;
  /** create/update: the decoded object; patch: the patch document. */
  body?: Json;
  patchType?: PatchType;
  fieldManager: string;
  dryRun: boolean;
  force?: boolean;
  strict?: boolean;
  deleteOptions?: { gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string } };
}

export interface WriteOutcome {
  status: number;
  body: JsonObject;
  warnings: string[];
  admission: GlassBoxAdmissionStep[];
  write: GlassBoxWrite | null;
  error?: ApiStatusError;
}

const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

class Recorder {
  readonly steps: GlassBoxAdmissionStep[] = [];
  private t = performance.now();

  add(step: Omit<GlassBoxAdmissionStep, 'durationMs'>): void {
    const now = performance.now();
    this.steps.push({ ...step, durationMs: glassBoxMs(now - this.t) });
    this.t = now;
  }

  reset(): void {
    this.t = performance.now();
  }
}

/** The skeleton an Update's managedFields are computed against: the kind's empty Go object, as JSON. */
function emptyOf(kind: unknown): Json {
  if (kind === 'Pod') return { metadata: {}, spec: { containers: null }, status: {} };
  if (kind === 'Deployment') return { metadata: {}, spec: { selector: null, template: { metadata: {}, spec: { containers: null } }, strategy: {} }, status: {} };
  return { metadata: {} };
}

function managedEntries(o: JsonObject): JsonObject[] {
  const m = obj(o['metadata'])['managedFields'];
  return Array.isArray(m) ? (m.filter(isObject)) : [];
}

function setManaged(o: JsonObject, entries: JsonObject[]): void {
  const meta = obj(o['metadata']);
  if (entries.length) meta['managedFields'] = entries;
  else drop(meta, 'managedFields');
  o['metadata'] = meta;
}

/** The field manager for an Update (a create, update or non-apply patch): takes the fields it changed. */
function updateManaged(newObj: JsonObject, oldObj: JsonObject | null, manager: string, apiVersion: string, subresource: string, now: Date): void {
  const entries = oldObj ? managedEntries(oldObj).map((e) => clone(e)) : [];
  const newFields = strippedForFields(newObj, subresource);
  const changed = FieldSet.of(fieldPaths(newFields, oldObj ? strippedForFields(oldObj, subresource) : emptyOf(newObj['kind']), 'update'));
  const out: JsonObject[] = [];
  let mine: JsonObject | undefined;
  for (const e of entries) {
    const set = FieldSet.fromFieldsV1(e['fieldsV1']);
    const isMine = e['manager'] === manager && e['operation'] === 'Update' && (e['subresource'] ?? '') === subresource;
    for (const p of [...set]) if (!pathExists(newFields, p) || (!isMine && changed.has(p))) set.delete(p);
    if (isMine) {
      for (const p of changed) set.add(p);
      mine = { ...e, ...(changed.size ? { time: iso(now) } : {}), fieldsV1: set.toFieldsV1() };
      if (set.size) out.push(mine);
    } else if (set.size) out.push({ ...e, fieldsV1: set.toFieldsV1() });
  }
  if (!mine && changed.size) {
    out.push({ manager, operation: 'Update', apiVersion, time: iso(now), fieldsType: 'FieldsV1', fieldsV1: changed.toFieldsV1(), ...(subresource ? { subresource } : {}) });
  }
  setManaged(newObj, out);
}

/** Server-side apply: merges the applied configuration, moves ownership, reports conflicts. */
function serverSideApply(live: JsonObject | null, applied: JsonObject, manager: string, apiVersion: string, force: boolean, now: Date, def: ResourceDef): JsonObject {
  const appliedFields = strippedForFields(applied, '');
  const mineNow = FieldSet.of(fieldPaths(appliedFields, undefined, 'apply'));
  const base: JsonObject = live ? clone(live) : { apiVersion: applied['apiVersion'] ?? null, kind: applied['kind'] ?? null, metadata: {} };
  const entries = live ? managedEntries(live).map((e) => clone(e)) : [];
  const prev = entries.find((e) => e['manager'] === manager && e['operation'] === 'Apply');
  const prevSet = prev ? FieldSet.fromFieldsV1(prev['fieldsV1']) : new FieldSet();
  // Conflicts: a field another manager owns, set here to a different value.
  const conflicts: { manager: string; operation: string; apiVersion: string; path: string[] }[] = [];
  const liveFields = live ? strippedForFields(live, '') : {};
  for (const e of entries) {
    if (e === prev) continue;
    const set = FieldSet.fromFieldsV1(e['fieldsV1']);
    for (const p of mineNow) {
      if (p[p.length - 1] === '.' || !set.has(p)) continue;
      if (!deepEqual(valueAt(liveFields, p), valueAt(appliedFields, p))) conflicts.push({ manager: str(e['manager']), operation: str(e['operation']), apiVersion: str(e['apiVersion'], ''), path: [...p] });
    }
  }
  if (conflicts.length && !force) {
    const who = (c: (typeof conflicts)[number]): string => (c.operation === 'Update' ? `conflict with "${c.manager}" using ${c.apiVersion}` : `conflict with "${c.manager}"`);
    const lines = conflicts.map((c) => `${who(c)}: ${describePath(c.path)}`);
    const message = conflicts.length === 1 ? `Apply failed with 1 conflict: ${lines[0]}` : `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
    throw new ApiStatusError(409, 'Conflict', message, { causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: who(c), field: describePath(c.path) })) });
  }
  // Merge: maps by key, list maps by their keys, everything else replaced.
  const merged = mergeApplied(base, appliedFields, []) as JsonObject;
  // Fields this manager applied before and no longer applies, owned by nobody else, are removed.
  const others = entries.filter((e) => e !== prev).map((e) => FieldSet.fromFieldsV1(e['fieldsV1']));
  for (const p of prevSet) {
    if (mineNow.has(p) || others.some((s) => s.has(p))) continue;
    removePath(merged, p);
  }
  const out: JsonObject[] = [];
  for (const e of entries) {
    if (e === prev) continue;
    const set = FieldSet.fromFieldsV1(e['fieldsV1']);
    if (force) for (const c of conflicts) if (c.manager === e['manager']) set.delete(c.path);
    if (set.size) out.push({ ...e, fieldsV1: set.toFieldsV1() });
  }
  out.push({ manager, operation: 'Apply', apiVersion, time: iso(now), fieldsType: 'FieldsV1', fieldsV1: mineNow.toFieldsV1() });
  merged['apiVersion'] = def.group ? `${def.group}/${def.version}` : def.version;
  merged['kind'] = def.kind;
  const meta = obj(merged['metadata']);
  const am = obj(applied['metadata']);
  if (typeof am['name'] === 'string') meta['name'] = am['name'];
  merged['metadata'] = meta;
  setManaged(merged, out);
  return merged;
}

function mergeApplied(live: Json | undefined, applied: Json, names: string[]): Json {
  if (isObject(applied) && !isAtomicMap(names, applied)) {
    const out: JsonObject = isObject(live) ? clone(live) : {};
    for (const [k, v] of Object.entries(applied)) out[k] = mergeApplied(out[k], v, [...names, k]);
    return out;
  }
  if (Array.isArray(applied)) {
    const sem = listSemantics(names);
    if (sem.type === 'map' && Array.isArray(live)) {
      const out = clone(live);
      for (const item of applied) {
        const k = itemKey(item, sem.keys);
        const at = out.findIndex((x) => itemKey(x, sem.keys) === k);
        if (at >= 0) out[at] = mergeApplied(out[at], item, names);
        else out.push(clone(item));
      }
      return out;
    }
    if (sem.type === 'set' && Array.isArray(live)) return [...clone(live), ...applied.filter((x) => !live.some((y) => deepEqual(x, y)))];
  }
  return clone(applied);
}

function removePath(o: JsonObject, p: readonly string[]): void {
  const els = p[p.length - 1] === '.' ? p.slice(0, -1) : p;
  let node: Json | undefined = o;
  const names: string[] = [];
  for (let i = 0; i < els.length; i++) {
    const el = els[i] as string;
    const last = i === els.length - 1;
    if (el.startsWith('f:') && isObject(node)) {
      if (last) drop(node, el.slice(2));
      else node = node[el.slice(2)];
      names.push(el.slice(2));
    } else if (el.startsWith('k:') && Array.isArray(node)) {
      const sem = listSemantics(names);
      const at = node.findIndex((x) => itemKey(x, sem.type === 'map' ? sem.keys : []) === el);
      if (at < 0) return;
      if (last) node.splice(at, 1);
      else node = node[at];
    } else return;
  }
}

function operationOf(verb: WriteRequest['verb'], exists: boolean): Operation {
  if (verb === 'delete') return 'DELETE';
  return exists ? 'UPDATE' : 'CREATE';
}

export class WritePath {
  constructor(private readonly env: WriteEnv) {}

  private async readKey(key: string): Promise<{ obj: JsonObject; modRevision: number } | undefined> {
    const res = await this.env.storage.range({ key });
    const kv = res.kvs[0];
    return kv ? { obj: decodeStored(kv.value, kv.modRevision) as JsonObject, modRevision: kv.modRevision } : undefined;
  }

  private attributes(req: WriteRequest, op: Operation, object: JsonObject | null, oldObject: JsonObject | null, warnings: string[]): AdmissionAttributes {
    return {
      operation: op, def: req.def, namespace: req.namespace, name: req.name, subresource: req.subresource, object, oldObject, user: req.user, dryRun: req.dryRun, warnings,
      get: async (key) => (await this.readKey(key))?.obj,
      list: async (prefix) => (await this.env.storage.range({ key: prefix, rangeEnd: prefixEnd(prefix) })).kvs.map((kv) => decodeStored(kv.value, kv.modRevision) as JsonObject),
    };
  }

  private async runPlugins(rec: Recorder, phase: 'mutating' | 'validating', plugins: readonly AdmissionPlugin[], a: AdmissionAttributes): Promise<void> {
    for (const p of plugins) {
      if (!p.handles(a)) continue;
      const before = a.object ? clone(a.object) : null;
      const kind = p.name === 'ValidatingAdmissionPolicy' ? 'policy' : p.name.endsWith('AdmissionWebhook') ? 'webhook' : 'plugin';
      try {
        const r = await p.admit(a);
        const patch = before && a.object ? diffPatch(before, a.object) : [];
        rec.add({
          phase, kind, name: p.name, verdict: phase === 'mutating' ? (patch.length ? 'changed' : 'unchanged') : 'allowed',
          ...(patch.length ? { patch } : {}), ...(r && r.expression ? { expression: r.expression } : {}), ...(r && r.note ? { message: r.note } : {}),
        });
      } catch (e) {
        if (e instanceof ApiStatusError) rec.add({ phase, kind, name: p.name, verdict: 'denied', message: e.message, ...(e.expression ? { expression: e.expression } : {}) });
        throw e;
      }
    }
  }

  async run(req: WriteRequest): Promise<WriteOutcome> {
    const rec = new Recorder();
    const warnings: string[] = [];
    const box: { write: GlassBoxWrite | null } = { write: null };
    try {
      const r = req.verb === 'delete' ? await this.remove(req, rec, warnings, box) : await this.save(req, rec, warnings, box);
      return { ...r, warnings, admission: rec.steps, write: box.write };
    } catch (e) {
      if (!(e instanceof ApiStatusError)) throw e;
      return { status: e.code, body: {}, warnings, admission: rec.steps, write: box.write, error: e };
    }
  }

  private apiVersion(def: ResourceDef): string {
    return def.group ? `${def.group}/${def.version}` : def.version;
  }

  /** create, update and patch (the new object is built, then written with a compare on the key). */
  private async save(req: WriteRequest, rec: Recorder, warnings: string[], box: { write: GlassBoxWrite | null }): Promise<{ status: number; body: JsonObject }> {
    const { def } = req;
    const now = this.env.now();
    const key = objectKey(def, req.namespace, req.name);
    const current = req.verb === 'create' ? undefined : await this.readKey(key);
    const creating = req.verb === 'create' || (req.verb === 'patch' && req.patchType === 'apply' && !current);
    if (!creating && !current) throw notFound(def.resource, def.group, req.name);
    const oldObj = current ? current.obj : null;
    let obj1: JsonObject;
    if (req.verb === 'patch' && req.patchType !== 'apply') {
      const base = clone(oldObj as JsonObject);
      try {
        const patched = req.patchType === 'strategic' ? strategicMergePatch(base, obj(req.body)) : req.patchType === 'merge' ? jsonMergePatch(base, req.body ?? null) : jsonPatch(base, req.body);
        if (!isObject(patched)) throw new PatchError('the patch did not give an object');
        obj1 = patched;
      } catch (e) {
        if (e instanceof PatchError) throw new ApiStatusError(422, 'Invalid', e.message);
        throw e;
      }
      rec.add({ phase: 'mutating', kind: 'defaulting', name: `patch (${req.patchType ?? ''})`, verdict: 'changed', patch: diffPatch(strip(oldObj), strip(obj1)) });
    } else {
      obj1 = clone(obj(req.body));
    }
    if (req.strict !== false && req.verb !== 'delete') {
      const err = strictDecodingError(obj1, def.version);
      if (err) {
        rec.add({ phase: 'mutating', kind: 'schema', name: 'strict decoding (fieldValidation=Strict)', verdict: 'denied', message: err.message });
        throw err;
      }
    }
    obj1['apiVersion'] = this.apiVersion(def);
    obj1['kind'] = def.kind;
    const meta = obj(obj1['metadata']);
    if (def.namespaced) meta['namespace'] = req.namespace;
    else drop(meta, 'namespace');
    meta['name'] = req.name;
    obj1['metadata'] = meta;
    // Server-side apply: the applied configuration (not defaulted) decides the manager's fields, then the merged object is defaulted.
    if (req.patchType === 'apply') {
      const merged = serverSideApply(oldObj, obj1, req.fieldManager, this.apiVersion(def), req.force === true, now, def);
      obj(merged['metadata'])['namespace'] = meta['namespace'] ?? null;
      if (!def.namespaced) delete obj(merged['metadata'])['namespace'];
      merged['metadata'] = goOrder({ metadata: obj(merged['metadata']) })['metadata'] as JsonObject;
      rec.add({ phase: 'mutating', kind: 'defaulting', name: `server-side apply (field manager ${req.fieldManager})`, verdict: 'changed', patch: diffPatch(strip(oldObj), strip(merged)) });
      obj1 = merged;
    }
    // Defaulting (while decoding).
    const beforeDefaults = clone(obj1);
    applyDefaults(obj1);
    const defaulted = diffPatch(beforeDefaults, obj1);
    rec.add({ phase: 'mutating', kind: 'defaulting', name: `defaulting (${def.group || 'core'}/${def.version} ${def.kind})`, verdict: defaulted.length ? 'changed' : 'unchanged', ...(defaulted.length ? { patch: defaulted } : {}) });
    // managedFields of an Update, before admission.
    if (req.patchType !== 'apply') updateManaged(obj1, oldObj, req.fieldManager, this.apiVersion(def), req.subresource, now);
    rec.reset();
    const op = operationOf(req.verb, !creating);
    const a = this.attributes(req, op, obj1, oldObj, warnings);
    await this.runPlugins(rec, 'mutating', [...MUTATING, mutatingAdmissionWebhook], a);
    // The resourceVersion precondition of an update, between the two admission phases (kubectl/14).
    if (!creating && current) {
      const rv = str(obj(obj1['metadata'])['resourceVersion'], '');
      if (req.verb === 'update' && rv !== '' && rv !== str(current.modRevision)) {
        box.write = { operation: 'update', key, dryRun: req.dryRun, compareModRevision: Number(rv), succeeded: false, revisionBefore: await this.env.storage.currentRevision(), revision: null, bytes: 0, backend: this.env.storage.backend, events: [] };
        throw conflict(def.resource, def.group, req.name);
      }
    }
    // The registry: PrepareForCreate / PrepareForUpdate.
    const beforePrepare = clone(obj1);
    if (creating) prepareForCreate(obj1, now, this.env.podGeneration);
    else prepareForUpdate(obj1, oldObj as JsonObject, req.subresource, this.env.podGeneration);
    const prepared = diffPatch(beforePrepare, obj1);
    rec.add({ phase: 'mutating', kind: 'defaulting', name: creating ? 'registry: PrepareForCreate' : 'registry: PrepareForUpdate', verdict: prepared.length ? 'changed' : 'unchanged', ...(prepared.length ? { patch: prepared } : {}) });
    // Validation.
    const verr = validate(obj1, def.group) ?? (creating ? null : updateValidation(obj1, oldObj as JsonObject, def, req.subresource));
    rec.add({ phase: 'validating', kind: 'schema', name: `validation (${def.kind} registry strategy)`, verdict: verr ? 'denied' : 'allowed', ...(verr ? { message: verr.message } : {}) });
    if (verr) throw verr;
    await this.runPlugins(rec, 'validating', [podSecurity, validatingAdmissionPolicy, validatingAdmissionWebhook], a);
    const stored = goOrder(obj1);
    const storedMeta = obj(stored['metadata']);
    drop(storedMeta, 'resourceVersion');
    const value = JSON.stringify(stored);
    const revisionBefore = await this.env.storage.currentRevision();
    const compare = current ? current.modRevision : 0;
    if (!creating && current && deepEqual(strip(stored, true), strip(oldObj, true))) {
      // Nothing changed: kube's GuaranteedUpdate writes nothing and answers with the stored object.
      box.write = { operation: 'update', key, dryRun: req.dryRun, compareModRevision: compare, succeeded: true, revisionBefore, revision: null, bytes: 0, backend: this.env.storage.backend, events: [] };
      return { status: 200, body: oldObj as JsonObject };
    }
    const operation = creating ? 'create' : 'update';
    if (req.dryRun) {
      // A dry run reads to find out whether the create would collide, and stops there.
      if (creating && (await this.readKey(key))) {
        box.write = { operation, key, dryRun: true, compareModRevision: 0, succeeded: false, revisionBefore, revision: null, bytes: Buffer.byteLength(value), backend: this.env.storage.backend, events: [] };
        throw alreadyExists(def.resource, def.group, req.name);
      }
      box.write = { operation, key, dryRun: true, compareModRevision: compare, succeeded: true, revisionBefore, revision: null, bytes: Buffer.byteLength(value), backend: this.env.storage.backend, events: [] };
      const body = goOrder(clone(stored));
      if (!creating) obj(body['metadata'])['resourceVersion'] = str(compare);
      return { status: creating ? 201 : 200, body };
    }
    const tx = await this.env.storage.txn({ key, compareModRevision: compare, value });
    box.write = { operation, key, dryRun: false, compareModRevision: compare, succeeded: tx.succeeded, revisionBefore, revision: tx.succeeded ? tx.revision : null, bytes: Buffer.byteLength(value), backend: this.env.storage.backend, ...(tx.header ? { etcdHeader: tx.header } : {}), events: [] };
    if (!tx.succeeded) throw creating ? alreadyExists(def.resource, def.group, req.name) : conflict(def.resource, def.group, req.name);
    const body = decodeStored(value, tx.revision) as JsonObject;
    this.publish(box.write, creating ? 'ADDED' : 'MODIFIED', key, body, tx.revision);
    return { status: creating ? 201 : 200, body };
  }

  private publish(w: GlassBoxWrite, type: 'ADDED' | 'MODIFIED' | 'DELETED', key: string, object: JsonObject, revision: number): void {
    this.env.hub.publish({ type, key, object, revision });
    w.events.push({ type, resourceVersion: str(revision) });
  }

  private async remove(req: WriteRequest, rec: Recorder, warnings: string[], box: { write: GlassBoxWrite | null }): Promise<{ status: number; body: JsonObject }> {
    const { def } = req;
    const key = objectKey(def, req.namespace, req.name);
    const current = await this.readKey(key);
    if (!current) throw notFound(def.resource, def.group, req.name);
    const pre = req.deleteOptions?.preconditions;
    const meta0 = obj(current.obj['metadata']);
    if (pre?.uid && pre.uid !== meta0['uid']) throw new ApiStatusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(def.resource, def.group)} "${req.name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${str(meta0['uid'])}`, { name: req.name, ...(def.group ? { group: def.group } : {}), kind: def.resource });
    if (pre?.resourceVersion && pre.resourceVersion !== str(current.modRevision)) throw conflict(def.resource, def.group, req.name);
    const a = this.attributes(req, 'DELETE', null, current.obj, warnings);
    rec.reset();
    await this.runPlugins(rec, 'mutating', [], a);
    await this.runPlugins(rec, 'validating', [validatingAdmissionPolicy], a);
    const now = this.env.now();
    const revisionBefore = await this.env.storage.currentRevision();
    const backend = this.env.storage.backend;
    const spec = obj(current.obj['spec']);
    const finalizers = Array.isArray(meta0['finalizers']) ? meta0['finalizers'] : [];
    const isPod = def.resource === 'pods' && def.group === '';
    const isNamespace = def.resource === 'namespaces' && def.group === '';
    // The pod strategy's CheckGracefulDeleteAndIsDeleting: an unscheduled pod goes at once (grace 0).
    let grace = req.deleteOptions?.gracePeriodSeconds ?? (isPod ? Number(spec['terminationGracePeriodSeconds'] ?? 30) : 0);
    if (isPod && (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '')) grace = 0;
    const graceful = isPod || isNamespace || finalizers.length > 0;
    let compare = current.modRevision;
    let body = current.obj;
    const events: GlassBoxWrite['events'] = [];
    if (graceful && meta0['deletionTimestamp'] === undefined || (isPod && grace === 0 && meta0['deletionGracePeriodSeconds'] !== 0 && meta0['deletionTimestamp'] !== undefined)) {
      // The graceful-deletion update: deletionTimestamp (+ grace), generation + 1; an etcd PUT and a watch MODIFIED.
      const upd = clone(current.obj);
      const m = obj(upd['metadata']);
      m['deletionTimestamp'] = iso(new Date(now.getTime() + grace * 1000));
      m['deletionGracePeriodSeconds'] = grace;
      if (tracksGeneration(upd['kind'], this.env.podGeneration) || isNamespace) m['generation'] = Number(m['generation'] ?? 0) + 1;
      if (isNamespace) {
        drop(m, 'generation');
        drop(m, 'deletionGracePeriodSeconds');
        upd['status'] = { ...obj(upd['status']), phase: 'Terminating' };
      }
      drop(m, 'resourceVersion');
      upd['metadata'] = goOrder({ metadata: m })['metadata'] as JsonObject;
      const value = JSON.stringify(goOrder(upd));
      if (req.dryRun) {
        box.write = { operation: 'delete', key, dryRun: true, compareModRevision: compare, succeeded: true, revisionBefore, revision: null, bytes: 0, backend, events };
        return { status: 200, body: upd };
      }
      const tx = await this.env.storage.txn({ key, compareModRevision: compare, value });
      if (!tx.succeeded) throw conflict(def.resource, def.group, req.name);
      body = decodeStored(value, tx.revision) as JsonObject;
      this.env.hub.publish({ type: 'MODIFIED', key, object: body, revision: tx.revision });
      events.push({ type: 'MODIFIED', resourceVersion: str(tx.revision) });
      compare = tx.revision;
      const waits = isNamespace || finalizers.length > 0 || grace > 0;
      if (waits) {
        box.write = { operation: 'update', key, dryRun: false, compareModRevision: current.modRevision, succeeded: true, revisionBefore, revision: tx.revision, bytes: Buffer.byteLength(value), backend, ...(tx.header ? { etcdHeader: tx.header } : {}), events };
        return { status: 200, body };
      }
    }
    if (req.dryRun) {
      box.write = { operation: 'delete', key, dryRun: true, compareModRevision: compare, succeeded: true, revisionBefore, revision: null, bytes: 0, backend, events };
      return { status: 200, body: isPod ? body : successStatus(def, req.name, str(meta0['uid'], '')) };
    }
    const tx = await this.env.storage.txn({ key, compareModRevision: compare, value: null });
    box.write = { operation: 'delete', key, dryRun: false, compareModRevision: compare, succeeded: tx.succeeded, revisionBefore, revision: tx.succeeded ? tx.revision : null, bytes: 0, backend, ...(tx.header ? { etcdHeader: tx.header } : {}), events };
    if (!tx.succeeded) throw conflict(def.resource, def.group, req.name);
    const gone = { ...body, metadata: { ...obj(body['metadata']), resourceVersion: str(tx.revision) } };
    this.env.hub.publish({ type: 'DELETED', key, object: gone, revision: tx.revision });
    events.push({ type: 'DELETED', resourceVersion: str(tx.revision) });
    // Pods answer with the object (the registry's ReturnDeletedObject); other kinds with a Status.
    return { status: 200, body: isPod ? gone : successStatus(def, req.name, str(meta0['uid'], '')) };
  }
}

function successStatus(def: ResourceDef, name: string, uid: string): JsonObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, ...(def.group ? { group: def.group } : {}), kind: def.resource, uid } };
}

/** An object without what every write changes on its own (for "did anything change?"). */
function strip(o: JsonObject | null, dropTimes = false): JsonObject {
  if (!o) return {};
  const c = clone(o);
  const m = obj(c['metadata']);
  drop(m, 'resourceVersion');
  if (dropTimes && Array.isArray(m['managedFields'])) m['managedFields'] = m['managedFields'].map((e) => ({ ...obj(e), time: null }));
  c['metadata'] = m;
  return c;
}

/** PrepareForUpdate: system metadata and (for the main resource) status stay as stored; spec changes raise generation. */
function prepareForUpdate(o: JsonObject, old: JsonObject, subresource: string, podGeneration: boolean): void {
  const meta = obj(o['metadata']);
  const oldMeta = obj(old['metadata']);
  for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation']) {
    if (oldMeta[k] !== undefined) meta[k] = oldMeta[k];
    else drop(meta, k);
  }
  if (subresource === '') {
    if (old['status'] !== undefined) o['status'] = clone(old['status']);
  } else if (subresource === 'status' || subresource === 'binding') {
    if (old['spec'] !== undefined && subresource === 'status') o['spec'] = clone(old['spec']);
  }
  if (tracksGeneration(o['kind'], podGeneration) && !deepEqual(o['spec'], old['spec'])) meta['generation'] = Number(oldMeta['generation'] ?? 0) + 1;
  o['metadata'] = meta;
}

/** The pod strategy's ValidateUpdate: a pod's spec is immutable except a few fields. */
function updateValidation(o: JsonObject, old: JsonObject, def: ResourceDef, subresource: string): ApiStatusError | null {
  if (def.resource !== 'pods' || def.group !== '' || subresource !== '') return null;
  const mutable = (spec: Json | undefined): JsonObject => {
    const s = clone(obj(spec));
    for (const k of ['containers', 'initContainers']) if (Array.isArray(s[k])) s[k] = s[k].map((c) => ({ ...obj(c), image: null }));
    drop(s, 'activeDeadlineSeconds');
    drop(s, 'tolerations');
    drop(s, 'schedulingGates');
    return s;
  };
  if (deepEqual(mutable(o['spec']), mutable(old['spec']))) return null;
  return invalid('Pod', '', str(obj(o['metadata'])['name'], ''), [{ type: 'FieldValueForbidden', field: 'spec', detail: 'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' }]);
}

// managedFields (FieldsV1) as kube-apiserver's field manager (structured-merge-diff) computes them:
// the set of field paths a manager owns. Elements: "f:<field>", "k:<json of the list-map keys>",
// "v:<json value of a set element>", and "." for the node itself (a list-map item, or, for an
// Update, a map that the write created). Leaves (scalars, empty maps, atomic values) are "{}".

import { isAtomicMap, listSemantics } from './schema.js';
import { deepEqual, isObject, type Json, type JsonObject } from './values.js';

/** One owned path, as its elements (the last one may be "."). */
export type FieldPath = readonly string[];

const key = (p: FieldPath): string => JSON.stringify(p);

export class FieldSet {
  private readonly paths = new Map<string, FieldPath>();

  static of(paths: Iterable<FieldPath>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.add(p);
    return s;
  }

  add(p: FieldPath): void {
    this.paths.set(key(p), p);
  }

  has(p: FieldPath): boolean {
    return this.paths.has(key(p));
  }

  delete(p: FieldPath): void {
    this.paths.delete(key(p));
  }

  get size(): number {
    return this.paths.size;
  }

  [Symbol.iterator](): IterableIterator<FieldPath> {
    return this.paths.values();
  }

  /** The nested FieldsV1 form, keys sorted as kube serializes them. */
  toFieldsV1(): JsonObject {
    const root: JsonObject = {};
    for (const p of this.paths.values()) {
      let node = root;
      for (const el of p) {
        node[el] ??= {};
        node = node[el] as JsonObject;
      }
    }
    return sortFields(root);
  }

  static fromFieldsV1(f: unknown): FieldSet {
    const s = new FieldSet();
    const walk = (node: unknown, path: string[]): void => {
      if (!isObject(node)) return;
      for (const [k, v] of Object.entries(node)) {
        if (isObject(v) && Object.keys(v).length > 0) walk(v, [...path, k]);
        else s.add([...path, k]);
      }
    };
    walk(f, []);
    return s;
  }
}

function sortFields(node: JsonObject): JsonObject {
  const keys = Object.keys(node).sort((a, b) => (a === '.' ? -1 : b === '.' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const out: JsonObject = {};
  for (const k of keys) out[k] = sortFields(node[k] as JsonObject);
  return out;
}

/** The field manager ignores these (fieldmanager's stripSet), and status for a main-resource write. */
const STRIPPED_META = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion']);

export function strippedForFields(o: JsonObject, subresource: string): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && subresource === '') continue;
    if (k === 'spec' && subresource === 'status') continue;
    if (k === 'metadata' && isObject(v)) {
      const m: JsonObject = {};
      for (const [mk, mv] of Object.entries(v)) if (!STRIPPED_META.has(mk)) m[mk] = mv;
      if (Object.keys(m).length > 0 || subresource !== '') out[k] = m;
      continue;
    }
    out[k] = v;
  }
  return out;
}

export function itemKey(item: unknown, keys: readonly string[]): string {
  const o = isObject(item) ? item : {};
  const parts = keys.filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`);
  return `k:{${parts.join(',')}}`;
}

/**
 * The paths of `value`. mode 'apply': every leaf and each list-map item (what an applied
 * configuration owns). mode 'update': the leaves that differ from `old`, and "." for each map or
 * list item that `old` did not have (what an Update operation takes ownership of).
 */
export function fieldPaths(value: Json, old: Json | undefined, mode: 'apply' | 'update'): FieldPath[] {
  const out: FieldPath[] = [];
  walkObject(value as JsonObject, old, [], [], mode, out);
  return out;
}

function walkObject(o: JsonObject, old: Json | undefined, path: string[], names: string[], mode: 'apply' | 'update', out: FieldPath[]): void {
  const oldObj = isObject(old) ? old : undefined;
  for (const [k, v] of Object.entries(o)) {
    walkValue(v, oldObj?.[k], [...path, `f:${k}`], [...names, k], mode, out);
  }
}

function walkValue(v: Json, old: Json | undefined, path: string[], names: string[], mode: 'apply' | 'update', out: FieldPath[]): void {
  const changed = mode === 'apply' || old === undefined || !deepEqual(v, old);
  if (v === null || !(typeof v === 'object') || (isObject(v) && Object.keys(v).length === 0) || (isObject(v) && isAtomicMap(names, v))) {
    if (changed) out.push(path);
    return;
  }
  if (Array.isArray(v)) {
    const sem = listSemantics(names);
    if (sem.type === 'atomic') {
      if (changed) out.push(path);
      return;
    }
    const oldList = Array.isArray(old) ? old : [];
    if (sem.type === 'set') {
      for (const item of v) if (mode === 'apply' || !oldList.some((x) => deepEqual(x, item))) out.push([...path, `v:${JSON.stringify(item)}`]);
      return;
    }
    for (const item of v) {
      const k = itemKey(item, sem.keys);
      const oldItem = oldList.find((x) => itemKey(x, sem.keys) === k);
      if (mode === 'apply' || oldItem === undefined) out.push([...path, k, '.']);
      if (isObject(item)) walkObject(item, oldItem, [...path, k], names, mode, out);
    }
    return;
  }
  if (mode === 'update' && !isObject(old)) out.push([...path, '.']);
  walkObject(v, old, path, names, mode, out);
}

/** Whether `p` still names something in `value` (a path of a field that was removed does not). */
export function pathExists(value: Json, p: FieldPath): boolean {
  let node: Json | undefined = value;
  const names: string[] = [];
  for (const el of p) {
    if (el === '.') return true;
    if (el.startsWith('f:')) {
      if (!isObject(node)) return false;
      names.push(el.slice(2));
      node = node[el.slice(2)];
      if (node === undefined) return false;
    } else if (el.startsWith('k:')) {
      if (!Array.isArray(node)) return false;
      const sem = listSemantics(names);
      const keys = sem.type === 'map' ? sem.keys : [];
      node = node.find((x) => itemKey(x, keys) === el);
      if (node === undefined) return false;
    } else if (el.startsWith('v:')) {
      if (!Array.isArray(node)) return false;
      const want = JSON.parse(el.slice(2)) as Json;
      return node.some((x) => deepEqual(x, want));
    }
  }
  return true;
}

/** The value at `p` (undefined when absent). */
export function valueAt(value: Json, p: FieldPath): Json | undefined {
  let node: Json | undefined = value;
  const names: string[] = [];
  for (const el of p) {
    if (el === '.') return node;
    if (node === undefined) return undefined;
    if (el.startsWith('f:')) {
      if (!isObject(node)) return undefined;
      names.push(el.slice(2));
      node = node[el.slice(2)];
    } else if (el.startsWith('k:')) {
      if (!Array.isArray(node)) return undefined;
      const sem = listSemantics(names);
      node = node.find((x) => itemKey(x, sem.type === 'map' ? sem.keys : []) === el);
    } else if (el.startsWith('v:')) {
      return Array.isArray(node) && node.some((x) => deepEqual(x, JSON.parse(el.slice(2)) as Json)) ? (JSON.parse(el.slice(2)) as Json) : undefined;
    }
  }
  return node;
}

/** A path as kube writes it in a conflict message: .spec.containers[name="web"].image */
export function describePath(p: FieldPath): string {
  let s = '';
  for (const el of p) {
    if (el === '.') continue;
    if (el.startsWith('f:')) s += `.${el.slice(2)}`;
    else if (el.startsWith('k:')) {
      const o = JSON.parse(el.slice(2)) as Record<string, unknown>;
      s += `[${Object.entries(o).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (el.startsWith('v:')) s += `[${el.slice(2)}]`;
  }
  return s;
}

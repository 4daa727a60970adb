// The three patch formats of PATCH (besides server-side apply): strategic merge patch
// (application/strategic-merge-patch+json, built-in kinds only: lists merge by their patchMergeKey,
// with the $patch / $setElementOrder / $retainKeys / $deleteFromPrimitiveList directives kubectl
// sends), JSON merge patch (RFC 7386, application/merge-patch+json) and JSON Patch (RFC 6902,
// application/json-patch+json). Hand-written because strategic merge patch exists only in Go
// (k8s.io/apimachinery/pkg/util/strategicpatch) and follows kube's schema tags.

import { patchMergeKey } from './schema.js';
import { clone, deepEqual, isObject, type Json, type JsonObject, str, drop } from './values.js';

export class PatchError extends Error {}

export function jsonMergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return clone(patch);
  const out: JsonObject = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) drop(out, k);
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}

export function strategicMergePatch(original: JsonObject, patch: JsonObject): JsonObject {
  const r = mergeMap(original, patch, []);
  return isObject(r) ? r : {};
}

function mergeMap(original: Json | undefined, patch: JsonObject, names: string[]): Json | undefined {
  const directive = patch['$patch'];
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return clone(rest);
  }
  if (directive === 'delete') return undefined;
  const out: JsonObject = isObject(original) ? clone(original) : {};
  const orders: [string, Json[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      if (Array.isArray(v)) orders.push([k.slice('$setElementOrder/'.length), v]);
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) out[field] = cur.filter((x) => !v.some((d) => deepEqual(d, x)));
      continue;
    }
    if (v === null) {
      drop(out, k);
      continue;
    }
    if (isObject(v)) {
      const merged = mergeMap(out[k], v, [...names, k]);
      if (merged === undefined) drop(out, k);
      else out[k] = merged;
    } else if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, [...names, k]);
    } else {
      out[k] = v;
    }
  }
  const retain = patch['$retainKeys'];
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k)) drop(out, k);
  for (const [field, order] of orders) {
    const list = out[field];
    if (!Array.isArray(list)) continue;
    const mk = patchMergeKey([...names, field]);
    const id = (x: Json): Json => (mk && mk !== 'primitive-merge' && isObject(x) ? (x[mk] ?? null) : x);
    const wanted = order.map(id);
    const placed = wanted.map((w) => list.find((x) => deepEqual(id(x), w))).filter((x): x is Json => x !== undefined);
    out[field] = [...placed, ...list.filter((x) => !placed.includes(x))];
  }
  return out;
}

function mergeList(original: Json | undefined, patch: Json[], names: string[]): Json[] {
  const mk = patchMergeKey(names);
  if (patch.some((x) => isObject(x) && x['$patch'] === 'replace')) return clone(patch.filter((x) => !(isObject(x) && x['$patch'] === 'replace')));
  if (mk === null) return clone(patch);
  const out: Json[] = Array.isArray(original) ? clone(original) : [];
  if (mk === 'primitive-merge') {
    for (const v of patch) if (!out.some((x) => deepEqual(x, v))) out.push(clone(v));
    return out;
  }
  for (const item of patch) {
    if (!isObject(item)) {
      out.push(clone(item));
      continue;
    }
    const at = out.findIndex((x) => isObject(x) && deepEqual(x[mk], item[mk]));
    if (item['$patch'] === 'delete') {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = mergeMap(out[at], item, names) ?? null;
    else out.push(mergeMap(undefined, item, names) ?? null);
  }
  return out;
}

type Op = { op: string; path: string; from?: string; value?: Json };

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer "${path}"`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function jsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new PatchError('a JSON patch is a list of operations');
  let root = clone(doc);
  const parentOf = (segs: string[]): [Json, string] => {
    let node: Json = root;
    for (const s of segs.slice(0, -1)) {
      const next: Json | undefined = Array.isArray(node) ? node[Number(s)] : isObject(node) ? node[s] : undefined;
      if (next === undefined) throw new PatchError(`doc is missing path: "/${segs.join('/')}"`);
      node = next;
    }
    return [node, segs[segs.length - 1] ?? ''];
  };
  const get = (path: string): Json => {
    let node: Json | undefined = root;
    for (const s of pointer(path)) node = Array.isArray(node) ? node[Number(s)] : isObject(node) ? node[s] : undefined;
    if (node === undefined) throw new PatchError(`doc is missing path: "${path}"`);
    return node;
  };
  const remove = (path: string): Json => {
    const [parent, last] = parentOf(pointer(path));
    if (Array.isArray(parent)) return parent.splice(Number(last), 1)[0] ?? null;
    if (!isObject(parent) || !(last in parent)) throw new PatchError(`doc is missing path: "${path}"`);
    const v = parent[last] as Json;
    drop(parent, last);
    return v;
  };
  const add = (path: string, value: Json): void => {
    const segs = pointer(path);
    if (segs.length === 0) {
      root = value;
      return;
    }
    const [parent, last] = parentOf(segs);
    if (Array.isArray(parent)) parent.splice(last === '-' ? parent.length : Number(last), 0, value);
    else if (isObject(parent)) parent[last] = value;
    else throw new PatchError(`doc is missing path: "${path}"`);
  };
  for (const raw of ops as Op[]) {
    switch (raw.op) {
      case 'add': add(raw.path, clone(raw.value ?? null)); break;
      case 'remove': remove(raw.path); break;
      case 'replace': get(raw.path); remove(raw.path); add(raw.path, clone(raw.value ?? null)); break;
      case 'move': add(raw.path, remove(raw.from ?? '')); break;
      case 'copy': add(raw.path, clone(get(raw.from ?? ''))); break;
      case 'test': if (!deepEqual(get(raw.path), raw.value)) throw new PatchError(`testing value ${raw.path} failed`); break;
      default: throw new PatchError(`Unexpected kind: ${str(raw.op)}`);
    }
  }
  return root;
}

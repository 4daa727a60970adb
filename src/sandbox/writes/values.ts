// Small helpers for JSON object values (what kube's unstructured.Unstructured is to Go code).

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function obj(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** Object keys in the given order first (Go's struct field order), then the rest as they came. */
export function ordered(o: JsonObject, order: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const k of order) if (o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out) && o[k] !== undefined) out[k] = o[k];
  return out;
}

/** RFC 6902 JSON Pointer escaping of one path segment. */
export function pointerSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export type PatchOp = { op: 'add' | 'remove' | 'replace'; path: string; value?: unknown };

/** The JSON Patch that turns `a` into `b` (object members by key, arrays by index; a changed array length replaces the array). */
export function diffPatch(a: unknown, b: unknown, path = ''): PatchOp[] {
  if (deepEqual(a, b)) return [];
  if (isObject(a) && isObject(b)) {
    const ops: PatchOp[] = [];
    for (const k of Object.keys(a)) if (a[k] !== undefined && b[k] === undefined) ops.push({ op: 'remove', path: `${path}/${pointerSegment(k)}` });
    for (const k of Object.keys(b)) {
      if (b[k] === undefined) continue;
      const p = `${path}/${pointerSegment(k)}`;
      if (a[k] === undefined) ops.push({ op: 'add', path: p, value: b[k] });
      else ops.push(...diffPatch(a[k], b[k], p));
    }
    return ops;
  }
  if (Array.isArray(a) && Array.isArray(b) && b.length >= a.length) {
    const ops: PatchOp[] = [];
    a.forEach((x, i) => ops.push(...diffPatch(x, b[i], `${path}/${i}`)));
    for (let i = a.length; i < b.length; i++) ops.push({ op: 'add', path: `${path}/-`, value: b[i] });
    return ops;
  }
  return [{ op: 'replace', path: path || '', value: b }];
}

/** A JSON scalar as text ('' or `fallback` for anything else), as Go code reads a string field. */
export function str(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return fallback;
}

/** Removes one key (the linter's no-dynamic-delete stands for computed keys; this is the one place). */
export function drop(o: Record<string, unknown>, key: string): void {
  Reflect.deleteProperty(o, key);
}

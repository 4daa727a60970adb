// What `kubectl apply` (client-side) computes before it writes: the last-applied-configuration
// annotation and the three-way strategic merge patch of apply.go / patcher.go
// (strategicpatch.CreateThreeWayMergePatch(original = last applied, modified = the new manifest with
// its new annotation, current = the live object)). Hand-written, because the patch is sent as bytes and
// kubectl's "unchanged" is decided on them: `{}` means nothing is sent.
//
// The merge keys are those of the built-in types' `patchMergeKey` tags (k8s.io/api); kinds kubectl does
// not know as Go types (custom resources) get a JSON merge patch instead, lists replaced whole.

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };

function isMap(v: unknown): v is JsonMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isMap(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

/**
 * Go's json.Marshal of a map[string]interface{} (kubectl's unstructured objects): keys sorted, and
 * <, >, &, U+2028 and U+2029 escaped as Go's encoder escapes them.
 */
export function goJson(v: unknown): string {
  return JSON.stringify(sortKeys(v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return goJson(a) === goJson(b);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * kubectl's util.GetModifiedConfiguration: the object with its annotations map present, the
 * last-applied annotation removed, marshalled (plus a newline); then that text set as the annotation.
 * Returns the annotation's value and the object to send.
 */
export function withLastApplied(object: Record<string, unknown>): { lastApplied: string; object: Record<string, unknown> } {
  const copy = clone(object) as JsonMap;
  const meta = isMap(copy['metadata']) ? copy['metadata'] : {};
  copy['metadata'] = meta;
  const annotations = isMap(meta['annotations']) ? meta['annotations'] : {};
  meta['annotations'] = Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== LAST_APPLIED_ANNOTATION));
  const lastApplied = `${goJson(copy)}\n`;
  const sent = clone(copy);
  (((sent['metadata'] as JsonMap)['annotations']) as JsonMap)[LAST_APPLIED_ANNOTATION] = lastApplied;
  return { lastApplied, object: sent };
}

/** The live object's last-applied annotation, decoded; null when it has none (kubectl then diffs against nothing). */
export function lastAppliedOf(live: unknown): JsonMap | null {
  const meta = isMap(live) && isMap(live['metadata']) ? live['metadata'] : null;
  const ann = meta && isMap(meta['annotations']) ? meta['annotations'][LAST_APPLIED_ANNOTATION] : undefined;
  if (typeof ann !== 'string') return null;
  try {
    const v: unknown = JSON.parse(ann);
    return isMap(v) ? v : null;
  } catch {
    return null;
  }
}

/** Built-in lists merged by a key (patchStrategy:"merge"), by field name, as k8s.io/api tags them. */
function mergeKeyOf(field: string, sample: readonly Json[]): string | null {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'imagePullSecrets':
    case 'env':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'ownerReferences':
      return 'uid';
    case 'ports':
      // A container's ports merge on containerPort, a Service's on port.
      return sample.some((x) => isMap(x) && 'containerPort' in x) ? 'containerPort' : 'port';
    default:
      return null;
  }
}

interface DiffOptions {
  ignoreDeletions: boolean;
  ignoreChangesAndAdditions: boolean;
  strategic: boolean;
}

function diffMaps(original: JsonMap, modified: JsonMap, o: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  for (const key of Object.keys(modified)) {
    const m = modified[key] as Json;
    if (!(key in original)) {
      if (!o.ignoreChangesAndAdditions) patch[key] = m;
      continue;
    }
    const orig = original[key] as Json;
    if (isMap(orig) && isMap(m)) {
      const sub = diffMaps(orig, m, o);
      if (Object.keys(sub).length > 0) patch[key] = sub;
      continue;
    }
    if (o.strategic && Array.isArray(orig) && Array.isArray(m)) {
      const mergeKey = mergeKeyOf(key, [...m, ...orig]);
      if (mergeKey !== null && [...m, ...orig].every(isMap)) {
        const lists = diffLists(orig as JsonMap[], m as JsonMap[], mergeKey, o);
        if (lists.patch.length > 0) {
          patch[key] = lists.patch;
          if (!o.ignoreChangesAndAdditions) patch[`$setElementOrder/${key}`] = m.map((x) => ({ [mergeKey]: (x as JsonMap)[mergeKey] ?? null }));
        }
        continue;
      }
    }
    if (!o.ignoreChangesAndAdditions && !deepEqual(orig, m)) patch[key] = m;
  }
  if (!o.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  }
  return patch;
}

function diffLists(original: JsonMap[], modified: JsonMap[], mergeKey: string, o: DiffOptions): { patch: JsonMap[] } {
  const patch: JsonMap[] = [];
  const byKey = (xs: JsonMap[], k: Json | undefined): JsonMap | undefined => xs.find((x) => deepEqual(x[mergeKey], k));
  for (const m of modified) {
    const orig = byKey(original, m[mergeKey]);
    if (orig === undefined) {
      if (!o.ignoreChangesAndAdditions) patch.push(m);
      continue;
    }
    const sub = diffMaps(orig, m, o);
    if (Object.keys(sub).length > 0) patch.push({ ...sub, [mergeKey]: m[mergeKey] ?? null });
  }
  if (!o.ignoreDeletions) {
    for (const orig of original) if (byKey(modified, orig[mergeKey]) === undefined) patch.push({ [mergeKey]: orig[mergeKey] ?? null, $patch: 'delete' });
  }
  return { patch };
}

/** strategicpatch.mergeMap, enough for merging a deletions patch into a delta patch. */
function mergePatches(a: JsonMap, b: JsonMap): JsonMap {
  const out: JsonMap = clone(a);
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (isMap(prev) && isMap(v)) out[k] = mergePatches(prev, v);
    else if (Array.isArray(prev) && Array.isArray(v) && !k.startsWith('$')) out[k] = [...prev, ...v];
    else out[k] = v;
  }
  return out;
}

export interface ApplyPatch {
  /** The patch as kubectl sends it; "{}" means "unchanged", and nothing is sent. */
  body: string;
  contentType: 'application/strategic-merge-patch+json' | 'application/merge-patch+json';
}

/**
 * The three-way patch client-side apply sends: the changes from the live object to the new
 * configuration (fields only the server set are left alone) plus the deletions of fields the last
 * applied configuration had and the new one dropped.
 */
export function threeWayPatch(original: JsonMap | null, modified: Record<string, unknown>, current: unknown, strategic: boolean): ApplyPatch {
  const mod = clone(modified) as JsonMap;
  const cur = isMap(current) ? current : {};
  const delta = diffMaps(cur, mod, { ignoreDeletions: true, ignoreChangesAndAdditions: false, strategic });
  const deletions = diffMaps(original ?? {}, mod, { ignoreDeletions: false, ignoreChangesAndAdditions: true, strategic });
  const patch = mergePatches(deletions, delta);
  return { body: goJson(patch), contentType: strategic ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json' };
}

/** API groups whose kinds kubectl knows as Go types (so it sends a strategic merge patch). */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'certificates.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'flowcontrol.apiserver.k8s.io', 'events.k8s.io']);

export function isBuiltInGroup(group: string): boolean {
  return BUILT_IN_GROUPS.has(group);
}

// Helpers the printers of pkg/printers/internalversion/printers.go share, over objects as stored JSON
// (every field optional: a missing field is Go's zero value).

import { formatLabels } from '../../format/labels.js';
import { compareCodePoints } from '../../format/go-values.js';
import { parseInstant, translateTimestampSince } from './timestamp.js';

export type Json = Record<string, unknown>;

export function rec(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** An int32/int64 field: Go's zero when absent. */
export function int(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : 0;
}

export function nameOf(obj: Json): string {
  return str(rec(obj['metadata'])['name']);
}

/** translateTimestampSince(obj.CreationTimestamp). */
export function ageOf(obj: Json, nowMs: number): string {
  return translateTimestampSince(parseInstant(rec(obj['metadata'])['creationTimestamp']), nowMs);
}

/** labels.FormatLabels of a map[string]string ("<none>" when empty). */
export function formatLabelMap(v: unknown): string {
  const m: Record<string, string> = {};
  for (const [k, x] of Object.entries(rec(v))) m[k] = str(x);
  return formatLabels(m);
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): matchLabels as k=v, matchExpressions as "k in (a,b)",
 * "k notin (a,b)", "k", "!k", sorted by key (Selector.Add sorts), values sorted. A nil selector
 * selects nothing and an empty one everything: both print as "". Null when it cannot be parsed.
 */
export function labelSelectorString(v: unknown): string | null {
  const sel = rec(v);
  const reqs: { key: string; text: string }[] = [];
  for (const [k, x] of Object.entries(rec(sel['matchLabels']))) reqs.push({ key: k, text: `${k}=${str(x)}` });
  for (const e of arr(sel['matchExpressions']).map(rec)) {
    const key = str(e['key']);
    const values = arr(e['values']).map(str).sort(compareCodePoints);
    switch (str(e['operator'])) {
      case 'In':
        reqs.push({ key, text: `${key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        reqs.push({ key, text: `${key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        return null;
    }
  }
  // sort.Stable(ByKey(reqs)): by key only, keeping matchLabels before matchExpressions for equal keys.
  return reqs.map((r, i) => ({ ...r, i })).sort((a, b) => compareCodePoints(a.key, b.key) || a.i - b.i).map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: "<none>" for a selector that prints empty, "<error>" for one that cannot be parsed. */
export function formatLabelSelector(v: unknown): string {
  const s = labelSelectorString(v);
  if (s === null) return '<error>';
  return s === '' ? '<none>' : s;
}

/** layoutContainerCells: container names and images, each joined with ",". */
export function layoutContainerCells(podSpec: unknown): [string, string] {
  const containers = arr(rec(podSpec)['containers']).map(rec);
  return [containers.map((c) => str(c['name'])).join(','), containers.map((c) => str(c['image'])).join(',')];
}

/** printBoolPtr: "True"/"False", "<unset>" when nil. */
export function printBoolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

/** sets.NewString(...).List(): distinct, sorted byte-wise. */
export function sortedSet(values: string[]): string[] {
  return [...new Set(values)].sort(compareCodePoints);
}

// The label columns of kubectl's table printer (cli-runtime tableprinter.go): -L KEY adds a column
// headed by the key's last path segment, upper-cased; --show-labels adds LABELS last, with
// labels.FormatLabels (k=v pairs sorted as whole strings, "<none>" when there are none).

import { compareCodePoints } from './go-values.js';

/** strings.ToUpper: per code point, leaving characters whose upper case is not one code point (ß). */
export function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) {
    const up = ch.toUpperCase();
    out += Array.from(up).length === 1 ? up : ch;
  }
  return out;
}

/** formatLabelHeaders */
export function labelHeaders(columnLabels: readonly string[]): string[] {
  return columnLabels.map((l) => {
    const parts = l.split('/');
    return goToUpper(parts[parts.length - 1] ?? '');
  });
}

/** labels.FormatLabels */
export function formatLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  pairs.sort(compareCodePoints);
  const s = pairs.join(',');
  return s === '' ? '<none>' : s;
}

/** A label map as an object's metadata holds it (non-string values are not labels). */
export function labelsOf(meta: Record<string, unknown> | null): Record<string, string> {
  const raw = meta?.['labels'];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** labelValues / appendLabelCells: one value per -L key ("" when absent), then LABELS. */
export function labelCells(labels: Record<string, string>, columnLabels: readonly string[], showLabels: boolean): string[] {
  const values = columnLabels.map((k) => (Object.prototype.hasOwnProperty.call(labels, k) ? (labels[k] as string) : ''));
  if (showLabels) values.push(formatLabels(labels));
  return values;
}

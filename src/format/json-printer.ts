// kubectl -o json: printers.JSONPrinter calls Go's json.MarshalIndent(obj, "", "    ") on an
// unstructured object, so: map keys sorted (byte order), 4-space indent, HTML-sensitive characters
// escaped as \u003c \u003e \u0026, U+2028/U+2029 escaped, a newline at the end.

import { compareCodePoints } from './go-values.js';

// Go's encoding/json float layout: %f unless the exponent is < -6 or >= 21, then %e with a
// two-digit minimum exponent cleaned to one digit (1e-07 -> 1e-7). JS's Number#toString uses the
// same thresholds and shortest digits, and writes exponents the same way.
function goJsonNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  return String(n);
}

/** Go >= 1.22 (kubectl >= 1.30) writes \b and \f as short escapes; older builds wrote \u0008, \u000c. */
function shortBF(kubectlMinor: number): boolean {
  return kubectlMinor >= 30;
}

function goJsonString(s: string, kubectlMinor = 32): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] ?? '';
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + (s[i + 1] ?? '');
        i++;
      } else out += '\\ufffd'; // Go writes invalid UTF-8 as U+FFFD
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\\ufffd';
      continue;
    }
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\b':
        out += shortBF(kubectlMinor) ? '\\b' : '\\u0008';
        continue;
      case '\f':
        out += shortBF(kubectlMinor) ? '\\f' : '\\u000c';
        continue;
    }
    if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
      continue;
    }
    out += ch;
  }
  return `${out}"`;
}

function encode(v: unknown, indent: string, step: string, kubectlMinor = 32): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v, kubectlMinor);
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const inner = indent + step;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + encode(x, inner, step, kubectlMinor)).join(',\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort(compareCodePoints);
    if (keys.length === 0) return '{}';
    const rec = v as Record<string, unknown>;
    return `{\n${keys.map((k) => `${inner}${goJsonString(k, kubectlMinor)}: ${encode(rec[k], inner, step, kubectlMinor)}`).join(',\n')}\n${indent}}`;
  }
  throw new Error(`json: unsupported type: ${typeof v}`);
}

/** The exact text kubectl -o json writes for one object (list or single). */
export function printJson(obj: unknown, kubectlMinor = 32): string {
  return `${encode(obj, '', '    ', kubectlMinor)}\n`;
}

/** json.Marshal: compact, keys sorted, HTML characters escaped (jsonpath prints maps and slices so). */
export function goJsonCompact(v: unknown, kubectlMinor = 32): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v, kubectlMinor);
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map((x) => goJsonCompact(x, kubectlMinor)).join(',')}]`;
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    return `{${Object.keys(rec).sort(compareCodePoints).map((k) => `${goJsonString(k, kubectlMinor)}:${goJsonCompact(rec[k], kubectlMinor)}`).join(',')}}`;
  }
  throw new Error(`json: unsupported type: ${typeof v}`);
}

/** json.Marshal then json.Indent(prefix "", indent): what -o jsonpath-as-json prints per result group. */
export function goJsonIndent(v: unknown, indent: string, kubectlMinor = 32): string {
  return encode(v, '', indent, kubectlMinor);
}

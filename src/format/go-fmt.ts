// The Go formatting kubectl's messages are built with, for values decoded from JSON (unstructured:
// map[string]interface{}, []interface{}, string, int64, float64, bool, nil): strconv.Quote (%q),
// %#v (the object dump in jsonpath's execution errors) and the type names errors mention (%T).

import { compareCodePoints, goFormatFloatG, goNumberString } from './go-values.js';

/** unicode.IsPrint as strconv uses it: letters, marks, numbers, punctuation, symbols and U+0020. */
function isPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

const SHORT_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** strconv.Quote: what %q prints for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (isPrint(ch)) out += ch;
    else if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'; // a lone surrogate is not valid UTF-8
      else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
      else out += `\\U${cp.toString(16).padStart(8, '0')}`;
    }
  }
  return `${out}"`;
}

/** %#U of a rune: "U+0023 '#'" (the character only when it is printable). */
export function goRuneU(ch: string): string {
  const hex = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return isPrint(ch) ? `U+${hex} '${ch}'` : `U+${hex}`;
}

/** The Go type of a JSON-decoded value, as %T (and reflect's Type.String) names it. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** %#v of a JSON-decoded value (Go syntax; map keys sorted as fmt sorts them). */
export function goSyntax(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? goNumberString(v) : goFormatFloatG(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSyntax(x)).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compareCodePoints(a, b));
    return `map[string]interface {}{${entries.map(([k, x]) => `${goQuote(k)}:${goSyntax(x)}`).join(', ')}}`;
  }
  return typeof v === 'bigint' ? v.toString() : typeof v; // not produced by JSON.parse
}

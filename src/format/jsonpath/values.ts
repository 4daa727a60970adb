// The reflect.Values client-go's jsonpath walks, for data decoded from JSON (unstructured objects).
// What matters of reflect here: the dynamic kind (map, slice, string, int64, float64, bool, nil), and
// whether the value is still boxed in an interface{} (a map element or a slice element is; the data
// a range iteration starts from, a literal, or what `..` collects is not): kubectl's --sort-by errors
// and comparisons depend on that ("unsortable type: interface" vs "unsortable type: map").

import { goTypeName } from '../go-fmt.js';

export type GoVal =
  /** reflect.Value{} (FindResults(nil), which a range over nothing walks its body with) */
  | { k: 'invalid' }
  | { k: 'nil'; boxed: true }
  | { k: 'string'; v: string; boxed: boolean }
  /** int64 from JSON, int from a template literal: both "intKind" for comparisons */
  | { k: 'int'; v: number; boxed: boolean; literal?: boolean }
  /** a byte of a string, which [*]-like walks over strings yield */
  | { k: 'uint8'; v: number; boxed: false }
  | { k: 'float'; v: number; boxed: boolean }
  | { k: 'bool'; v: boolean; boxed: boolean }
  | { k: 'map'; v: Record<string, unknown>; boxed: boolean }
  | { k: 'slice'; v: unknown[]; boxed: boolean };

/** A JSON-decoded value as a reflect.Value (boxed: read out of a map or a slice of interface{}). */
export function goVal(raw: unknown, boxed: boolean): GoVal {
  if (raw === null || raw === undefined) return boxed ? { k: 'nil', boxed: true } : { k: 'invalid' };
  if (typeof raw === 'string') return { k: 'string', v: raw, boxed };
  if (typeof raw === 'boolean') return { k: 'bool', v: raw, boxed };
  if (typeof raw === 'number') return Number.isInteger(raw) && Math.abs(raw) < 2 ** 63 ? { k: 'int', v: raw, boxed } : { k: 'float', v: raw, boxed };
  if (Array.isArray(raw)) return { k: 'slice', v: raw, boxed };
  return { k: 'map', v: raw as Record<string, unknown>, boxed };
}

/** template.Indirect: the value out of its interface box (nil stays nil). */
export function unbox(x: GoVal): GoVal {
  if (x.k === 'invalid' || x.k === 'nil' || x.k === 'uint8') return x;
  return x.boxed ? { ...x, boxed: false } : x;
}

/** Value.Interface(): the plain value (a byte is a number, nil is null). */
export function rawOf(x: GoVal): unknown {
  if (x.k === 'invalid' || x.k === 'nil') return null;
  return x.v;
}

/** The reflect.Type's name, as "%v is not array or slice" prints it. */
export function goValType(x: GoVal): string {
  if (x.k === 'uint8') return 'uint8';
  if (x.k === 'invalid') return '<invalid reflect.Value>';
  if (x.k === 'int' && x.literal) return 'int';
  if (x.boxed) return 'interface {}';
  return goTypeName(rawOf(x));
}

// kubectl get --sort-by (kubectl/pkg/cmd/get/sorter.go): the field is read from each object with
// client-go's jsonpath (missing keys allowed), and rows are ordered by Go's sort.Sort with sorter.go's
// Less. What the field's value is decides how it compares, as the objects are unstructured:
// - int64 with int64, float64 with float64; an int64 against a float64 cannot be sorted;
// - strings: as quantities when both parse as one (resource.ParseQuantity: "100m" < "1" < "2Gi"),
//   otherwise natural order up to kubectl 1.30 ("web-2" < "web-10") and byte order from 1.31;
// - creationTimestamp and other times are strings here (RFC 3339, so byte order is time order);
// - an object without the field sorts before every other (the Less is not a consistent order, so
//   their exact places come from the sort algorithm itself);
// - bool, map or list values, or mixed types, end kubectl with klog.Exitf: an "F…" line, exit 1.

import { goQuote, goSyntax } from './go-fmt.js';
import { goSort } from './go-sort.js';
import { compileJsonPath, JsonPathExecError, JsonPathParseError, relaxedJsonPathExpression, RelaxedPathError, topLevel, type GoVal, type JsonPath } from './jsonpath/index.js';
import { goStringLess, naturalLess } from './natural-less.js';
import { compareQuantities, parseQuantity } from './quantity.js';

/** An error sorter.go returns (the caller prints it, or drops it: see the table printer). */
export class SortError extends Error {}

/** klog.Exitf (exit 1) / klog.Fatalf (exit 255) inside Less: kubectl writes one "F" log line and stops. */
export class SortFatal extends Error {
  constructor(
    message: string,
    /** sorter.go's line of the call, which klog's header names */
    readonly line: number,
    readonly exitCode: 1 | 255,
  ) {
    super(message);
  }
}

class Unsortable extends Error {}

/** sorter.go's line numbers of the klog calls in Less, per release (read off each build's log line). */
function klogLine(call: 'table-exit' | 'objects-exit' | 'i-values' | 'j-values', kubectlMinor: number): number {
  const table = kubectlMinor <= 29 ? 378 : kubectlMinor === 30 ? 377 : 375;
  const objects = table - 46;
  const iValues = objects - 19;
  return { 'table-exit': table, 'objects-exit': objects, 'i-values': iValues, 'j-values': iValues + 5 }[call];
}

function reflectKindName(x: GoVal): string {
  if (x.k === 'invalid') return 'invalid';
  if (x.k === 'nil' || x.boxed) return 'interface';
  return { string: 'string', int: 'int64', uint8: 'uint8', float: 'float64', bool: 'bool', map: 'map', slice: 'slice' }[x.k];
}

function stringLess(a: string, b: string, kubectlMinor: number): boolean {
  return kubectlMinor >= 31 ? goStringLess(a, b) : naturalLess(a, b);
}

function goTypeOfBoxed(x: GoVal): string {
  switch (x.k) {
    case 'bool':
      return 'bool';
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    default:
      return x.k;
  }
}

/** sorter.go's isLess over the first value the field path found in each object. */
export function isLess(i: GoVal, j: GoVal, kubectlMinor: number): boolean {
  if (i.k === 'invalid') throw new Unsortable('unsortable type: invalid');
  if (i.k !== 'nil' && !i.boxed) {
    switch (i.k) {
      case 'int':
      case 'uint8':
      case 'float':
        return i.v < (j as { v: number }).v;
      case 'string':
        return stringLess(i.v, String((j as { v: unknown }).v), kubectlMinor);
      case 'slice': {
        const jv = (j as { v: unknown[] }).v;
        for (let idx = 0; idx < Math.min(i.v.length, jv.length); idx++) {
          const less = isLess(boxed(i.v[idx]), boxed(jv[idx]), kubectlMinor);
          if (!less) return less;
        }
        return true;
      }
      default:
        throw new Unsortable(`unsortable type: ${reflectKindName(i)}`);
    }
  }
  // an interface{} holding the value
  const jNil = j.k === 'nil';
  if (i.k === 'nil' && jNil) return false;
  if (i.k === 'nil') return true;
  if (jNil) return false;
  switch (i.k) {
    case 'int':
      if (j.k === 'int') return i.v < j.v;
      break;
    case 'float':
      if (j.k === 'float') return i.v < j.v;
      break;
    case 'string':
      if (j.k === 'string') {
        const qi = parseQuantity(i.v);
        const qj = qi === null ? null : parseQuantity(j.v);
        if (qi === null || qj === null) return stringLess(i.v, j.v, kubectlMinor);
        return compareQuantities(qi, qj) < 0;
      }
      break;
    default:
      throw new Unsortable(`unsortable type: ${goTypeOfBoxed(i)}`);
  }
  throw new Unsortable('unsortable interface: interface');
}

function boxed(raw: unknown): GoVal {
  const v = topLevel(raw);
  return v.k === 'invalid' ? { k: 'nil', boxed: true } : ({ ...v, boxed: true } as GoVal);
}

function firstValue(results: GoVal[][]): GoVal | null {
  return results[0]?.[0] ?? null;
}

function sortingParser(field: string): JsonPath {
  return compileJsonPath(field, { allowMissingKeys: true });
}

function findResults(parser: JsonPath, obj: unknown): GoVal[][] {
  try {
    return parser.findResults(topLevel(obj));
  } catch (e) {
    if (e instanceof JsonPathExecError) throw new SortError(e.message);
    throw e;
  }
}

/** The first value a field path finds in one object, or the error reading it failed with. */
type Lookup = { value: GoVal | null } | { error: string };

function lookup(field: string, obj: unknown): Lookup {
  try {
    return { value: firstValue(sortingParser(field).findResults(topLevel(obj))) };
  } catch (e) {
    if (e instanceof JsonPathExecError) return { error: e.message };
    throw e;
  }
}

function permutationSort(lookups: Lookup[], objects: unknown[], kind: 'table' | 'objects', field: string, kubectlMinor: number): number[] {
  const order = lookups.map((_, ix) => ix);
  const vals = [...lookups];
  const objs = [...objects];
  const failedLookup = (which: 'i' | 'j', at: number, error: string): SortFatal => {
    const how = which === 'i' ? `(&errors.errorString{s:${goQuote(error)}})` : `(${error})`;
    const dump = `&unstructured.Unstructured{Object:${goSyntax(objs[at])}}`;
    return new SortFatal(`Failed to get ${which} values for ${dump} using ${field} ${how}`, klogLine(which === 'i' ? 'i-values' : 'j-values', kubectlMinor), 255);
  };
  goSort({
    len: () => vals.length,
    swap: (a, b) => {
      [vals[a], vals[b]] = [vals[b] as Lookup, vals[a] as Lookup];
      [objs[a], objs[b]] = [objs[b], objs[a]];
      [order[a], order[b]] = [order[b] as number, order[a] as number];
    },
    less: (a, b) => {
      const il = vals[a] as Lookup;
      const jl = vals[b] as Lookup;
      if ('error' in il) throw failedLookup('i', a, il.error);
      if ('error' in jl) throw failedLookup('j', b, jl.error);
      const iv = il.value;
      const jv = jl.value;
      if (iv === null) return true;
      if (jv === null) return false;
      try {
        return isLess(iv, jv, kubectlMinor);
      } catch (e) {
        if (!(e instanceof Unsortable)) throw e;
        const what = kind === 'table' ? '[][][]reflect.Value' : '*unstructured.Unstructured';
        throw new SortFatal(`Field ${field} in ${what} is an unsortable type: ${reflectKindName(iv)}, err: ${e.message}`, klogLine(kind === 'table' ? 'table-exit' : 'objects-exit', kubectlMinor), 1);
      }
    },
  });
  return order;
}

/**
 * SortObjects (for -o json/yaml/name/jsonpath/custom-columns lists, and for the infos of a
 * human-readable get): the new order as original indexes. Throws SortError or SortFatal.
 */
export function sortObjects(objects: unknown[], fieldInput: string, kubectlMinor: number): number[] {
  let field: string;
  try {
    field = relaxedJsonPathExpression(fieldInput);
  } catch (e) {
    if (e instanceof RelaxedPathError) throw new SortError(e.message);
    throw e;
  }
  let parser: JsonPath;
  try {
    parser = sortingParser(field);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new SortError(e.message);
    throw e;
  }
  let found = false;
  for (const obj of objects) {
    const first = findResults(parser, obj)[0];
    if (first !== undefined && first.length > 0) {
      found = true;
      break;
    }
  }
  if (!found) throw new SortError(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
  // Less parses the field afresh for every comparison and reads these values (or fails reading one).
  return permutationSort(objects.map((obj) => lookup(field, obj)), objects, 'objects', field, kubectlMinor);
}

/**
 * The SortingPrinter over a server Table with more than one row (NewTableSorter + sort.Sort): the
 * rows' new order. The field goes through RelaxedJSONPathExpression, kept as given when that fails.
 */
export function sortTableRows(rowObjects: unknown[], sortField: string, kubectlMinor: number): number[] {
  let field: string;
  try {
    field = relaxedJsonPathExpression(sortField);
  } catch {
    field = sortField;
  }
  let parser: JsonPath;
  try {
    parser = sortingParser(field);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new SortError(`sorting error: ${e.message}`);
    throw e;
  }
  const values = rowObjects.map((obj): Lookup => ({ value: obj === null ? null : firstValue(findResults(parser, obj)) }));
  const found = values.some((l) => 'value' in l && l.value !== null);
  if (rowObjects.length > 0 && !found) throw new SortError(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
  return permutationSort(values, rowObjects, 'table', field, kubectlMinor);
}

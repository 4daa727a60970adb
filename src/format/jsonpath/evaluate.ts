// client-go's jsonpath evaluator (k8s.io/client-go/util/jsonpath/jsonpath.go) as kubectl 1.27–1.33
// build it, ported over JSON-decoded data. What those releases do, checked against each real build:
// - range/end with the "fast forward to the last end node" walk (a range over nothing still skips to
//   its end; a range without end runs the rest once more on the outer data);
// - [?()] filters skip items whose left or right side is missing, and fail on incomparable types
//   ("incompatible types for comparison"), with text/template's comparison rules;
// - maps and slices print as JSON; nil prints "<nil>" up to 1.28 and "null" from 1.29;
// - `.*` and `..` over a map visit its keys in Go's random map order: kube-trace visits them sorted
//   (what later client-go does), so output that depends on that order cannot match kubectl's run.

import { compareCodePoints, goFormatFloatG, goNumberString, goSprint } from '../go-values.js';
import { goJsonCompact, goJsonIndent } from '../json-printer.js';
import type { ListNode, Node, ParamsEntry } from './parser.js';
import { goVal, goValType, rawOf, unbox, type GoVal } from './values.js';

export class JsonPathExecError extends Error {
  /** What the failing walk returned with its error (jsonpath's evalX return (partial, err)); an exists-filter counts it. */
  partial: GoVal[] = [];

  withPartial(partial: GoVal[]): this {
    this.partial = partial;
    return this;
  }
}

const fail = (message: string, partial: GoVal[] = []): JsonPathExecError => new JsonPathExecError(message).withPartial(partial);

export interface JsonPathOptions {
  allowMissingKeys: boolean;
  /** -o jsonpath-as-json */
  outputJSON: boolean;
  kubectlMinor: number;
}

function children(x: GoVal): GoVal[] | null {
  if (x.k === 'map') return Object.keys(x.v).sort(compareCodePoints).map((key) => goVal(x.v[key], true));
  if (x.k === 'slice') return x.v.map((e) => goVal(e, true));
  if (x.k === 'string') return Array.from(Buffer.from(x.v, 'utf8'), (b): GoVal => ({ k: 'uint8', v: b, boxed: false }));
  return null;
}

// text/template's comparison functions (client-go/third_party/forked/golang/template/funcs.go).
type Basic = { kind: 'bool'; v: boolean } | { kind: 'int' | 'uint' | 'float'; v: number } | { kind: 'string'; v: string };

function basic(x: GoVal): Basic {
  switch (x.k) {
    case 'bool':
      return { kind: 'bool', v: x.v };
    case 'int':
      return { kind: 'int', v: x.v };
    case 'uint8':
      return { kind: 'uint', v: x.v };
    case 'float':
      return { kind: 'float', v: x.v };
    case 'string':
      return { kind: 'string', v: x.v };
    default:
      throw new JsonPathExecError('invalid type for comparison');
  }
}

function equal(l: GoVal, r: GoVal): boolean {
  const a = basic(l);
  const b = basic(r);
  if (a.kind !== b.kind) {
    // integers compare across signedness
    if (a.kind === 'int' && b.kind === 'uint') return a.v >= 0 && a.v === b.v;
    if (a.kind === 'uint' && b.kind === 'int') return b.v >= 0 && a.v === b.v;
    throw new JsonPathExecError('incompatible types for comparison');
  }
  return a.v === b.v;
}

function less(l: GoVal, r: GoVal): boolean {
  const a = basic(l);
  const b = basic(r);
  if (a.kind !== b.kind) {
    if (a.kind === 'int' && b.kind === 'uint') return a.v < 0 || a.v < b.v;
    if (a.kind === 'uint' && b.kind === 'int') return b.v >= 0 && a.v < b.v;
    throw new JsonPathExecError('incompatible types for comparison');
  }
  if (a.kind === 'bool' || b.kind === 'bool') throw new JsonPathExecError('invalid type for comparison');
  if (a.kind === 'string' && b.kind === 'string') return compareCodePoints(a.v, b.v) < 0;
  return (a.v as number) < (b.v as number);
}

function compare(op: string, l: GoVal, r: GoVal): boolean {
  switch (op) {
    case '<':
      return less(l, r);
    case '>':
      return !(less(l, r) || equal(l, r));
    case '==':
      return equal(l, r);
    case '!=':
      return !equal(l, r);
    case '<=':
      return less(l, r) || equal(l, r);
    case '>=':
      return !less(l, r);
    default:
      throw new JsonPathExecError(`unrecognized filter operator ${op}`);
  }
}

/** One compiled template (jsonpath.JSONPath): FindResults and PrintResults as kubectl calls them. */
export class JsonPath {
  private nodes: Node[];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode: Node | null = null;

  constructor(
    root: ListNode,
    private readonly opts: JsonPathOptions,
  ) {
    this.nodes = root.nodes;
  }

  findResults(data: GoVal): GoVal[][] {
    const cur = [data];
    const nodes = this.nodes;
    const fullResult: GoVal[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as Node;
      const results = this.walk(cur, node);
      // an end node breaks the current block
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = node;
        break;
      }
      // a range node starts a loop over its results
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) {
          for (const value of results) {
            this.nodes = nodes.slice(i + 1);
            fullResult.push(...this.findResults(value.k === 'nil' ? { k: 'invalid' } : unbox(value)));
          }
        } else {
          // a range over nothing still walks its body, so that it moves on to its end node
          this.nodes = nodes.slice(i + 1);
          this.findResults({ k: 'invalid' });
        }
        this.inRange--;
        for (let k = i + 1; k < nodes.length; k++) {
          if (nodes[k] === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      fullResult.push(results);
    }
    return fullResult;
  }

  /** PrintResults for one group of results. */
  printResults(results: GoVal[]): string {
    if (this.opts.outputJSON) {
      return `${goJsonIndent(results.map(rawOf), '    ', this.opts.kubectlMinor)}\n`;
    }
    return results
      .map((r, i) => {
        const u = unbox(r);
        const text = u.k === 'map' || u.k === 'slice' ? goJsonCompact(u.v, this.opts.kubectlMinor) : this.evalToText(u);
        return i !== results.length - 1 ? `${text} ` : text;
      })
      .join('');
  }

  private evalToText(x: GoVal): string {
    switch (x.k) {
      case 'invalid':
        return '<no value>';
      case 'nil':
        return this.opts.kubectlMinor >= 29 ? 'null' : '<nil>';
      case 'string':
        return x.v;
      case 'int':
      case 'uint8':
        return goNumberString(x.v);
      case 'float':
        return goFormatFloatG(x.v);
      case 'bool':
        return x.v ? 'true' : 'false';
      default:
        return goSprint(rawOf(x));
    }
  }

  private walk(value: GoVal[], node: Node): GoVal[] {
    switch (node.type) {
      case 'list':
        return this.evalList(value, node);
      case 'text':
        return [{ k: 'string', v: node.text, boxed: false }];
      case 'field':
        return this.evalField(value, node.value);
      case 'array':
        return this.evalArray(value, node.params);
      case 'filter':
        return this.evalFilter(value, node);
      case 'int':
        return value.map((): GoVal => ({ k: 'int', v: node.value, boxed: false, literal: true }));
      case 'bool':
        return value.map((): GoVal => ({ k: 'bool', v: node.value, boxed: false }));
      case 'float':
        return value.map((): GoVal => ({ k: 'float', v: node.value, boxed: false }));
      case 'wildcard':
        return this.evalWildcard(value);
      case 'recursive':
        return this.evalRecursive(value);
      case 'union':
        try {
          return node.nodes.flatMap((list) => this.evalList(value, list));
        } catch (e) {
          throw e instanceof JsonPathExecError ? e.withPartial(value) : e;
        }
      case 'identifier':
        return this.evalIdentifier(value, node.name);
    }
  }

  private evalList(value: GoVal[], node: ListNode): GoVal[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  /** evalList as the filter calls it: on an error, what the failing step returned alongside. */
  private evalListPartial(value: GoVal[], node: ListNode): { values: GoVal[]; error: JsonPathExecError | null } {
    try {
      return { values: this.evalList(value, node), error: null };
    } catch (e) {
      if (e instanceof JsonPathExecError) return { values: e.partial, error: e };
      throw e;
    }
  }

  private evalIdentifier(input: GoVal[], name: string): GoVal[] {
    if (name === 'range') {
      this.beginRange++;
      return input;
    }
    if (name === 'end') {
      if (this.inRange > 0) this.endRange++;
      else throw fail('not in range, nothing to end');
      return [];
    }
    throw fail(`unrecognized identifier ${name}`, input);
  }

  private evalArray(input: GoVal[], nodeParams: [ParamsEntry, ParamsEntry, ParamsEntry]): GoVal[] {
    const result: GoVal[] = [];
    for (const boxed of input) {
      if (boxed.k === 'nil') continue;
      const value = unbox(boxed);
      if (value.k !== 'slice') throw fail(`${goValType(value)} is not array or slice`, input);
      const params = nodeParams.map((p) => ({ ...p }));
      const [p0, p1, p2] = params as [ParamsEntry, ParamsEntry, ParamsEntry];
      const len = value.v.length;
      if (!p0.known) p0.value = 0;
      if (p0.value < 0) p0.value += len;
      if (!p1.known) p1.value = len;
      if (p1.value < 0 || (p1.value === 0 && p1.derived)) p1.value += len;
      if (p1.value !== p0.value) {
        if (p0.value >= len || p0.value < 0) throw fail(`array index out of bounds: index ${p0.value}, length ${len}`, input);
        if (p1.value > len || p1.value < 0) throw fail(`array index out of bounds: index ${p1.value - 1}, length ${len}`, input);
        if (p0.value > p1.value) throw fail(`starting index ${p0.value} is greater than ending index ${p1.value}`, input);
      } else {
        return result;
      }
      const sliced = value.v.slice(p0.value, p1.value);
      let step = 1;
      if (p2.known) {
        if (p2.value <= 0) throw fail('step must be > 0', input);
        step = p2.value;
      }
      for (let i = 0; i < sliced.length; i += step) result.push(goVal(sliced[i], true));
    }
    return result;
  }

  private evalField(input: GoVal[], field: string): GoVal[] {
    const results: GoVal[] = [];
    if (input.length === 0) return results;
    for (const boxed of input) {
      if (boxed.k === 'nil') continue;
      const value = unbox(boxed);
      if (value.k === 'map' && Object.prototype.hasOwnProperty.call(value.v, field)) results.push(goVal(value.v[field], true));
    }
    if (results.length === 0 && !this.opts.allowMissingKeys) throw fail(`${field} is not found`);
    return results;
  }

  private evalWildcard(input: GoVal[]): GoVal[] {
    const results: GoVal[] = [];
    for (const boxed of input) {
      if (boxed.k === 'nil') continue;
      results.push(...(children(unbox(boxed)) ?? []));
    }
    return results;
  }

  private evalRecursive(input: GoVal[]): GoVal[] {
    const result: GoVal[] = [];
    for (const boxed of input) {
      if (boxed.k === 'nil') continue;
      const value = unbox(boxed);
      const kids = children(value) ?? [];
      if (kids.length !== 0) {
        result.push(value);
        result.push(...this.evalRecursive(kids));
      }
    }
    return result;
  }

  private evalFilter(input: GoVal[], node: Extract<Node, { type: 'filter' }>): GoVal[] {
    const results: GoVal[] = [];
    for (const boxed of input) {
      const value = unbox(boxed);
      if (value.k !== 'slice') {
        const shown = value.k === 'invalid' ? '<invalid reflect.Value>' : value.k === 'nil' ? '<nil>' : goSprint(rawOf(value));
        throw fail(`${shown} is not array or slice and cannot be filtered`, input);
      }
      for (const raw of value.v) {
        const temp = [goVal(raw, true)];
        const { values: lefts, error: leftError } = this.evalListPartial(temp, node.left);
        if (node.operator === 'exists') {
          if (lefts.length > 0) results.push(goVal(raw, true));
          continue;
        }
        if (leftError !== null) throw leftError.withPartial(input);
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw fail('can only compare one element at a time', input);
        let rights: GoVal[];
        try {
          rights = this.evalList(temp, node.right);
        } catch (e) {
          throw e instanceof JsonPathExecError ? e.withPartial(input) : e;
        }
        if (rights.length === 0) continue;
        if (rights.length > 1) throw fail('can only compare one element at a time', input);
        let pass: boolean;
        try {
          pass = compare(node.operator, unbox(lefts[0] as GoVal), unbox(rights[0] as GoVal));
        } catch (e) {
          throw e instanceof JsonPathExecError ? e.withPartial(results) : e;
        }
        if (pass) results.push(goVal(raw, true));
      }
    }
    return results;
  }
}

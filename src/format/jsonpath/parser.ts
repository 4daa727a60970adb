// client-go's jsonpath template parser (k8s.io/client-go/util/jsonpath/parser.go), ported line for
// line. It is kept hand-written because kubectl's dialect is not standard JSONPath (RFC 9535 or
// Goessner's): templates mix text and {actions}; there are range/end blocks, quoted text actions
// ({"\n"}), `..` and `[?()]` with Go's own comparison rules, slices with Go's bounds errors, and its
// error messages ("unterminated array", "unrecognized character in action: U+0023 '#'") are printed
// by kubectl verbatim. A general JSONPath library would accept, reject and print different things.

import { goRuneU } from '../go-fmt.js';

export type Node =
  | { type: 'list'; nodes: Node[] }
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'identifier'; name: string }
  | { type: 'array'; params: [ParamsEntry, ParamsEntry, ParamsEntry] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] };

export type ListNode = Extract<Node, { type: 'list' }>;

export interface ParamsEntry {
  value: number;
  known: boolean;
  /** the end of `[i]`, derived from its start (so that `[-1]` can mean the last element) */
  derived: boolean;
}

export class JsonPathParseError extends Error {}

const LEFT = '{';
const RIGHT = '}';
const EOF = '';

const newList = (): ListNode => ({ type: 'list', nodes: [] });
const isSpace = (r: string): boolean => r === ' ' || r === '\t';
const isEndOfLine = (r: string): boolean => r === '\r' || r === '\n';
const isAlphaNumeric = (r: string): boolean => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
const isDigitRune = (r: string): boolean => /^\p{Nd}$/u.test(r);

function isTerminator(r: string): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || '.,[]$@{}'.includes(r);
}

/** strconv.Atoi: a decimal int64, else null. */
function atoi(s: string): number | null {
  if (!/^[+-]?\d+$/.test(s)) return null;
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return null;
  return Number(big);
}

/** strconv.ParseFloat(s, 64) for what parseNumber can collect (sign, digits, dots). */
function parseFloat64(s: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  return Number(s);
}

class Parser {
  root: ListNode = newList();
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): void {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.parseText(this.root);
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const cp = this.input.codePointAt(this.pos) ?? 0;
    const r = String.fromCodePoint(cp);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith(LEFT, this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        this.parseLeftDelim(cur);
        return;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += LEFT.length;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    // Go iterates a map of prefixes here; they cannot overlap, so the order does not matter.
    const rest = this.input.slice(this.pos);
    if (rest.startsWith(RIGHT)) {
      this.parseRightDelim();
      return;
    }
    if (rest.startsWith('[?(')) {
      this.parseFilter(cur);
      return;
    }
    if (rest.startsWith('..')) {
      this.parseRecursive(cur);
      return;
    }

    const r = this.next();
    if (r === EOF || isEndOfLine(r)) throw new JsonPathParseError('unclosed action');
    if (r === ' ' || r === '@' || r === '$') {
      // a space, or the current object: skipped
      this.consumeText();
      this.parseInsideAction(cur);
    } else if (r === '[') this.parseArray(cur);
    else if (r === '"' || r === "'") this.parseQuote(cur, r);
    else if (r === '.') this.parseField(cur);
    else if (r === '+' || r === '-' || isDigitRune(r)) {
      this.backup();
      this.parseNumber(cur);
    } else if (isAlphaNumeric(r)) {
      this.backup();
      this.parseIdentifier(cur);
    } else throw new JsonPathParseError(`unrecognized character in action: ${goRuneU(r)}`);
  }

  private parseRightDelim(): void {
    this.pos += RIGHT.length;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    this.parseInsideAction(cur);
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last !== undefined && last.type === 'recursive') throw new JsonPathParseError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) {
      this.parseField(cur);
      return;
    }
    this.parseInsideAction(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === '+' || first === '-') this.next();
    for (;;) {
      const r = this.next();
      if (r !== '.' && !isDigitRune(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const i = atoi(value);
    if (i !== null) cur.nodes.push({ type: 'int', value: i });
    else {
      const d = parseFloat64(value);
      if (d === null) throw new JsonPathParseError(`cannot parse number ${value}`);
      cur.nodes.push({ type: 'float', value: d });
    }
    this.parseInsideAction(cur);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    // union operator
    const strs = text.split(',');
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const str of strs) union.push(parseAction(`[${str.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      this.parseInsideAction(cur);
      return;
    }

    // dict key
    const dictKey = /^'([^']*)'$/.exec(text);
    if (dictKey) {
      for (const node of parseAction(`.${dictKey[1] ?? ''}`).nodes) cur.nodes.push(node);
      this.parseInsideAction(cur);
      return;
    }

    // slice operator
    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (m === null) throw new JsonPathParseError(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [ParamsEntry, ParamsEntry, ParamsEntry] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      const p = params[i] as ParamsEntry;
      let v = value[i] as string;
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') p.known = false;
        else {
          p.known = true;
          const n = atoi(v);
          if (n === null) throw new JsonPathParseError(`array index ${v} is not a number`);
          p.value = n;
        }
      } else if (i === 1) {
        p.known = true;
        p.value = params[0].value + 1;
        p.derived = true;
      } else {
        p.known = false;
        p.value = 0;
      }
    }
    cur.nodes.push({ type: 'array', params });
    this.parseInsideAction(cur);
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new JsonPathParseError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (m === null) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: newList(), operator: 'exists' });
    } else {
      cur.nodes.push({ type: 'filter', left: parseAction(m[1] ?? ''), right: parseAction(m[3] ?? ''), operator: m[2] ?? '' });
    }
    this.parseInsideAction(cur);
  }

  private parseQuote(cur: ListNode, endRune: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated quoted string');
      if (r === endRune && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (e) {
      throw new JsonPathParseError(`unquote string ${value} error ${e instanceof Error ? e.message : String(e)}`);
    }
    cur.nodes.push({ type: 'text', text: s });
    this.parseInsideAction(cur);
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) {
      // scan to the next unescaped terminator
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replaceAll('\\', '') });
    this.parseInsideAction(cur);
  }

  private advance(): boolean {
    const r = this.next();
    if (r === '\\') this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** parseAction: an action's text parsed as "{text}", its own list returned. */
function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`${LEFT}${text}${RIGHT}`);
  return p.root.nodes[0] as ListNode;
}

/** Parse: the template's node list (text nodes and one list per {action}). */
export function parseJsonPath(text: string): ListNode {
  const p = new Parser();
  p.parse(text);
  return p.root;
}

// UnquoteExtend: strconv.Unquote that also accepts single-quoted strings.
function unquoteExtend(s: string): string {
  const n = s.length;
  if (n < 2) throw new Error('invalid syntax');
  const quote = s[0] as string;
  if (quote !== s[n - 1]) throw new Error('invalid syntax');
  let body = s.slice(1, n - 1);
  if (quote !== '"' && quote !== "'") throw new Error('invalid syntax');
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  while (body.length > 0) {
    const [ch, rest] = unquoteChar(body, quote);
    out += ch;
    body = rest;
  }
  return out;
}

const SIMPLE: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

// strconv.UnquoteChar for one character at the start of s.
function unquoteChar(s: string, quote: string): [string, string] {
  const c = s[0] as string;
  if (c === quote && (quote === "'" || quote === '"')) throw new Error('invalid syntax');
  if (c !== '\\') {
    const cp = s.codePointAt(0) ?? 0;
    const ch = String.fromCodePoint(cp);
    return [ch, s.slice(ch.length)];
  }
  if (s.length <= 1) throw new Error('invalid syntax');
  const e = s[1] as string;
  const rest = s.slice(2);
  if (SIMPLE[e] !== undefined) return [SIMPLE[e], rest];
  if (e === 'x' || e === 'u' || e === 'U') {
    const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const hex = rest.slice(0, len);
    if (hex.length < len || !/^[0-9a-fA-F]+$/.test(hex)) throw new Error('invalid syntax');
    const v = parseInt(hex, 16);
    if (e === 'x') return [String.fromCharCode(v), rest.slice(len)]; // a byte; only ASCII is meaningful in a JS string
    if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new Error('invalid syntax');
    return [String.fromCodePoint(v), rest.slice(len)];
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(1, 4);
    if (!/^[0-7]{3}$/.test(oct)) throw new Error('invalid syntax');
    const v = parseInt(oct, 8);
    if (v > 255) throw new Error('invalid syntax');
    return [String.fromCharCode(v), s.slice(4)];
  }
  if (e === quote) return [e, rest];
  throw new Error('invalid syntax');
}

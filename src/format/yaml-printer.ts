// kubectl -o yaml: sigs.k8s.io/yaml marshals the object to JSON, reads that back with go-yaml v2 into
// generic maps, and writes it with go-yaml v2's emitter (a port of libyaml). This file reproduces that
// emitter's block-style output for JSON data, byte for byte:
// - map keys in go-yaml's order (letters before other characters, digit runs compared as numbers);
// - sequences inside a mapping are not indented ("key:\n- item"), 2-space indentation otherwise;
// - empty maps and lists as {} and [];
// - a string is plain unless it would read back as another type (then "double-quoted"), unless it has
//   a newline (then a | literal block), and downgraded to 'single' or "double" quotes where libyaml's
//   scalar analysis forbids plain text (indicators, leading/trailing space, tabs, emoji…);
// - plain and quoted strings longer than 80 columns are folded at spaces, as libyaml does;
// - keys over 128 bytes or with line breaks use the explicit "? key" form.
// Only what JSON can hold is handled (no anchors, tags or flow collections other than {} and []).
// The `yaml` npm package was not used for the text: its quoting and folding rules differ from libyaml's.

import { goFormatFloatG, goNumberString } from './go-values.js';
import { isBase60Float, resolvesToString } from './go-yaml-resolve.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreakCp = (c: number | undefined) => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankCp = (c: number | undefined) => c === 0x20 || c === 0x09;
const isPrintableCp = (c: number) =>
  c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

// unicode.IsLetter / unicode.IsDigit, with an ASCII fast path (keys are almost always ASCII).
function isLetterCp(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return /\p{L}/u.test(String.fromCodePoint(c));
}

function isDigitCp(c: number | undefined): boolean {
  if (c === undefined) return false;
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return /\p{Nd}/u.test(String.fromCodePoint(c));
}

const LINE_BREAK = /(\r|\n|\u0085|\u2028|\u2029)/;
const SURROGATE = /[\uD800-\uDFFF]/;

const LEADING_INDICATORS = new Set(Array.from('#,[]{}&*!|>\'"%@`', (ch) => ch.charCodeAt(0)));

// yaml_emitter_analyze_scalar (block context only: flow_level is always 0 here).
// It walks UTF-16 code units: every character that takes two (outside the BMP) is non-printable for
// libyaml anyway, and none of the characters it looks for (spaces, breaks, indicators) does.
function analyzeScalar(text: string): Analysis {
  if (text.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  const c2 = text.charCodeAt(2);
  if (text.length >= 3 && ((c0 === 0x2d && c1 === 0x2d && c2 === 0x2d) || (c0 === 0x2e && c1 === 0x2e && c2 === 0x2e))) {
    blockIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const followedByWhitespace = i + 1 >= text.length || isBlankCp(text.charCodeAt(i + 1));
    if (i === 0) {
      if (LEADING_INDICATORS.has(c)) blockIndicators = true;
      else if ((c === 0x3f || c === 0x3a) && followedByWhitespace) blockIndicators = true; // ? :
      else if (c === 0x2d && followedByWhitespace) blockIndicators = true; // -
    } else {
      if (c === 0x3a && followedByWhitespace) blockIndicators = true; // :
      else if (c === 0x23 && precededByWhitespace) blockIndicators = true; // #
    }
    if (!isPrintableCp(c)) specialCharacters = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === text.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCp(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === text.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankCp(c) || isBreakCp(c) || c === 0;
  }
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

// encoder.stringv: the style go-yaml asks for before the emitter's own checks.
function requestedStringStyle(s: string): Style {
  const canUsePlain = resolvesToString(s) && !isBase60Float(s);
  if (s.includes('\n')) return 'literal';
  return canUsePlain ? 'plain' : 'double';
}

// yaml_emitter_select_scalar_style (implicit tags, block context).
function selectStyle(requested: Style, a: Analysis, empty: boolean, simpleKey: boolean): Style {
  let style = requested;
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single';
    if (empty && simpleKey) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double';
  return style;
}

interface Scalar {
  text: string;
  requested: Style;
}

function scalarOf(v: unknown): Scalar | null {
  if (v === null || v === undefined) return { text: 'null', requested: 'plain' };
  if (typeof v === 'boolean') return { text: v ? 'true' : 'false', requested: 'plain' };
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { text: '.nan', requested: 'plain' };
    if (v === Infinity) return { text: '.inf', requested: 'plain' };
    if (v === -Infinity) return { text: '-.inf', requested: 'plain' };
    return { text: Number.isInteger(v) ? goNumberString(v) : goFormatFloatG(v), requested: 'plain' };
  }
  if (typeof v === 'string') return { text: v, requested: requestedStringStyle(v) };
  return null;
}

/** go-yaml v2's map key order (sorter.go keyList.Less) for string keys. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = codePoints(a);
  const br = codePoints(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const x = ar[i] ?? 0;
    const y = br[i] ?? 0;
    if (x === y) continue;
    const al = isLetterCp(x);
    const bl = isLetterCp(y);
    if (al && bl) return x < y;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (x === 0x30 || y === 0x30) {
      for (let j = i - 1; j >= 0 && isDigitCp(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigitCp(ar[ai]); ai++) an = an * 10n + BigInt((ar[ai] ?? 0x30) - 0x30);
    let bi = i;
    for (; bi < br.length && isDigitCp(br[bi]); bi++) bn = bn * 10n + BigInt((br[bi] ?? 0x30) - 0x30);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return ar.length < br.length;
}

function sortedKeys(obj: Record<string, unknown>): string[] {
  return Object.keys(obj).sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
}

function isEmptyCollection(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

/** The emitter's write state, as in libyaml: column, and whether we sit after whitespace/indentation. */
class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;

  put(ch: string): void {
    this.out += ch;
    this.column++;
  }

  /** Text with no line breaks, written at once (the column counts code points, as libyaml's does). */
  writeRun(text: string): void {
    this.out += text;
    this.column += SURROGATE.test(text) ? codePoints(text).length : text.length;
  }

  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  writeBreak(cp: number): void {
    if (cp === 0x0a) this.putBreak();
    else {
      this.out += String.fromCodePoint(cp);
      this.column = 0;
    }
  }

  writeIndent(indent: number): void {
    const ind = Math.max(indent, 0);
    if (!this.indention || this.column > ind || (this.column === ind && !this.whitespace)) this.putBreak();
    while (this.column < ind) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // ---------------------------------------------------------------- scalars

  scalar(sc: Scalar, indent: number, simpleKey: boolean, analysis = analyzeScalar(sc.text)): void {
    const style = selectStyle(sc.requested, analysis, sc.text.length === 0, simpleKey);
    const allowBreaks = !simpleKey;
    if (style === 'plain') this.plain(sc.text, indent, allowBreaks);
    else if (style === 'single') this.singleQuoted(codePoints(sc.text), indent, allowBreaks);
    else if (style === 'double') this.doubleQuoted(codePoints(sc.text), indent, allowBreaks);
    else this.literal(sc.text, indent);
  }

  // A plain scalar never holds a line break (those force another style), so only spaces matter: a
  // space past column 80 that is not followed by another space becomes a line break.
  private plain(text: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let i = 0;
    while (i < text.length) {
      const j = text.indexOf(' ', i);
      const end = j < 0 ? text.length : j;
      if (end > i) {
        this.writeRun(text.slice(i, end));
        this.indention = false;
        spaces = false;
      }
      if (j < 0) break;
      if (allowBreaks && !spaces && this.column > BEST_WIDTH && text[j + 1] !== ' ') this.writeIndent(indent);
      else this.put(' ');
      spaces = true;
      i = j + 1;
    }
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(cps: number[], indent: number, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i] ?? 0;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] !== 0x20) {
          this.writeIndent(indent);
        } else this.put(' ');
        spaces = true;
      } else if (isBreakCp(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        if (c === 0x27) this.put("'");
        this.put(String.fromCodePoint(c));
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(cps: number[], indent: number, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i] ?? 0;
      if (!isPrintableCp(c) || c === 0xfeff || isBreakCp(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        const short: Record<number, string> = {
          0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
          0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
        };
        const s = short[c];
        if (s !== undefined) this.put(s);
        else {
          const [prefix, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(prefix);
          for (const d of c.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          this.writeIndent(indent);
          if (cps[i + 1] === 0x20) this.put('\\');
        } else this.put(' ');
        spaces = true;
      } else {
        this.put(String.fromCodePoint(c));
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(text: string, indent: number): void {
    const cps = codePoints(text);
    this.writeIndicator('|', true, false, false);
    // yaml_emitter_write_block_scalar_hints
    if (cps[0] === 0x20 || isBreakCp(cps[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = cps[cps.length - 1];
    let chomp = '';
    if (cps.length === 0 || !isBreakCp(last)) chomp = '-';
    else if (cps.length === 1 || isBreakCp(cps[cps.length - 2])) chomp = '+';
    // libyaml marks a "|+" block open-ended, but writing the indicator clears that again at once.
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    // Each line is indented, then written whole; empty lines get no indentation.
    for (const part of text.split(LINE_BREAK)) {
      const c = part.length === 1 ? part.charCodeAt(0) : -1;
      if (isBreakCp(c)) {
        this.writeBreak(c);
        this.indention = true;
      } else if (part !== '') {
        this.writeIndent(indent);
        this.writeRun(part);
        this.indention = false;
      }
    }
  }

  // ---------------------------------------------------------------- collections

  /** A node; `indent` is the enclosing collection's indent (the key column or the "-" column). */
  node(v: unknown, indent: number, mappingValue: boolean): void {
    const sc = scalarOf(v);
    if (sc) {
      this.scalar(sc, indent + BEST_INDENT, false);
      return;
    }
    if (isEmptyCollection(v)) {
      const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
      this.writeIndicator(open, true, false, false);
      this.writeIndicator(close, false, false, false);
      return;
    }
    if (Array.isArray(v)) {
      // A sequence that is a mapping's value stays at the key's indent ("indentless").
      const indentless = mappingValue && !this.indention;
      this.sequence(v, indentless ? indent : indent + BEST_INDENT);
      return;
    }
    this.mapping(v as Record<string, unknown>, indent + BEST_INDENT);
  }

  sequence(items: unknown[], indent: number): void {
    for (const item of items) {
      this.writeIndent(indent);
      this.writeIndicator('-', true, false, true);
      this.node(item, indent, false);
    }
  }

  mapping(obj: Record<string, unknown>, indent: number): void {
    for (const key of sortedKeys(obj)) {
      this.writeIndent(indent);
      const keyScalar: Scalar = { text: key, requested: requestedStringStyle(key) };
      const analysis = analyzeScalar(key);
      const simple = !analysis.multiline && Buffer.byteLength(key, 'utf8') <= 128;
      if (simple) {
        this.scalar(keyScalar, indent + BEST_INDENT, true, analysis);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.scalar(keyScalar, indent + BEST_INDENT, false, analysis);
        this.writeIndent(indent);
        this.writeIndicator(':', true, false, true);
      }
      this.node(obj[key], indent, true);
    }
  }
}

/** The exact text kubectl -o yaml writes for one object. */
export function printYaml(obj: unknown): string {
  const e = new Emitter();
  const sc = scalarOf(obj);
  if (sc) e.scalar(sc, 0, false);
  else if (isEmptyCollection(obj)) e.node(obj, -BEST_INDENT, false);
  else if (Array.isArray(obj)) e.sequence(obj, 0);
  else e.mapping(obj as Record<string, unknown>, 0);
  // Document end: finish the last line.
  e.writeIndent(0);
  return e.out;
}

// Word wrapping, for plain strings and for styled spans: one greedy algorithm, measured in terminal
// columns (src/text/width.ts). Runs of whitespace between words become one space; a word longer than
// the row is broken between graphemes (or, when asked, left whole to overflow, for text meant to be
// copied such as a URL in a log).
//
// Why not wrap-ansi: lesson text is wrapped as spans (style boundaries are data, not escape codes),
// and strings go through the same code so that both wrap alike.

import { displayWidth, graphemes } from './width.js';
import { mergeSpans, span, type Span } from './spans.js';

export interface WrapOptions {
  /** Break a word wider than the row between graphemes (default true); false lets it overflow. */
  breakLongWords?: boolean;
  /** Spans put before the first row (a bullet, a label); their width counts. */
  firstPrefix?: readonly Span[];
  /** Spans put before every later row (a hanging indent). */
  restPrefix?: readonly Span[];
}

type Piece = Span;
/** A word: pieces with no whitespace between them (`kubectl`'s is one word of two styles). */
interface Word {
  pieces: Piece[];
  width: number;
  /** The whitespace before it, styled as the text it came from; null at the start. */
  space: Piece | null;
}

/** A piece of a span, built with one shape (no spread) since wrapping makes many of them. */
function piece(s: Span, text: string): Piece {
  return s.origin === undefined ? { text, style: s.style } : { text, style: s.style, origin: s.origin };
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

function words(spans: readonly Span[]): Word[] {
  const out: Word[] = [];
  let current: Word | null = null;
  let pendingSpace: Piece | null = null;
  for (const s of spans) {
    const text = s.text;
    let i = 0;
    while (i < text.length) {
      const space = isWhitespace(text.charCodeAt(i));
      let j = i + 1;
      while (j < text.length && isWhitespace(text.charCodeAt(j)) === space) j++;
      const part = text.slice(i, j);
      i = j;
      if (space) {
        if (current !== null) {
          out.push(current);
          current = null;
        }
        // Inside inline code the spaces are part of what is quoted; elsewhere a run is one space.
        pendingSpace ??= piece(s, s.style === 'code' ? part : ' ');
        continue;
      }
      const p = piece(s, part);
      if (current === null) {
        current = { pieces: [p], width: 0, space: out.length === 0 ? null : pendingSpace };
        pendingSpace = null;
      } else current.pieces.push(p);
      current.width += displayWidth(part);
    }
  }
  if (current !== null) out.push(current);
  return out;
}

function prefixWidth(prefix: readonly Span[] | undefined): number {
  return prefix === undefined ? 0 : prefix.reduce((n, s) => n + displayWidth(s.text), 0);
}

/**
 * Wraps styled spans to rows of at most `width` columns (prefixes included). Returns at least one
 * row (the prefix alone for empty input).
 */
export function wrapSpans(spans: readonly Span[], width: number, options: WrapOptions = {}): Span[][] {
  const breakLong = options.breakLongWords ?? true;
  const firstPrefix = options.firstPrefix ?? [];
  const restPrefix = options.restPrefix ?? [];
  const rows: Span[][] = [];
  let row: Span[] = [...firstPrefix];
  let used = prefixWidth(firstPrefix);
  let empty = true; // no word on this row yet
  const newRow = (): void => {
    rows.push(mergeSpans(row));
    row = [...restPrefix];
    used = prefixWidth(restPrefix);
    empty = true;
  };
  for (const word of words(spans)) {
    const spaceWidth = empty || word.space === null ? 0 : displayWidth(word.space.text);
    if (used + spaceWidth + word.width <= width) {
      if (spaceWidth > 0 && word.space !== null) row.push(word.space);
      row.push(...word.pieces);
      used += spaceWidth + word.width;
      empty = false;
      continue;
    }
    if (!empty) newRow();
    if (used + word.width <= width || !breakLong) {
      row.push(...word.pieces);
      used += word.width;
      empty = false;
      continue;
    }
    // Wider than a whole row: break it between graphemes.
    for (const p of word.pieces) {
      for (const g of graphemes(p.text)) {
        const w = displayWidth(g);
        if (used + w > width && !empty) newRow();
        row.push(piece(p, g));
        used += w;
        empty = false;
      }
    }
  }
  rows.push(mergeSpans(row));
  return rows;
}

/**
 * Word-wraps text to `width` columns. Each line of the text is wrapped on its own (its newlines are
 * kept); a line's leading indentation is kept on its first row; blank lines stay blank.
 */
export function wrapText(text: string, width: number, options: Pick<WrapOptions, 'breakLongWords'> = {}): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line.trim() === '') {
      out.push('');
      continue;
    }
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    const rows = wrapSpans([span(line.slice(indent.length))], w, { ...options, firstPrefix: indent === '' ? [] : [span(indent)] });
    for (const r of rows) out.push(r.map((s) => s.text).join(''));
  }
  return out;
}

/** Breaks every line of the text at exactly `width` columns, without looking for word boundaries (JSON, headers). */
export function hardWrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (line === '') {
      out.push('');
      continue;
    }
    let row = '';
    let used = 0;
    for (const g of graphemes(line)) {
      const gw = displayWidth(g);
      if (used + gw > w && row !== '') {
        out.push(row);
        row = '';
        used = 0;
      }
      row += g;
      used += gw;
    }
    out.push(row);
  }
  return out;
}

/**
 * Prose for a log or a pipe: paragraphs (split at blank lines) reflowed to `width` columns with
 * `prefix` before every row, and long words (URLs) left whole so they can be copied.
 */
export function wrapProse(text: string, width: number, prefix = ''): string[] {
  const room = width - displayWidth(prefix);
  return text
    .trim()
    .split(/\n\s*\n/)
    .flatMap((para) =>
      para.trim() === '' ? [] : wrapSpans([span(para)], room, { breakLongWords: false }).map((row) => prefix + row.map((s) => s.text).join('')),
    );
}

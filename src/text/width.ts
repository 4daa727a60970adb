// Terminal columns: how wide a string is on screen, and cutting or padding it to a width. Widths are
// string-width's (East Asian wide and fullwidth characters and emoji take two columns, combining
// marks and zero-width characters none, ANSI escape sequences none); cuts fall between graphemes,
// never inside an emoji sequence or between a letter and its accent.
//
// These functions measure printable text. Control characters measure 0 here but move the cursor in a
// terminal: pass anything that did not come from kube-trace itself through printable() first.
//
// Why a fast path and a lazy load: string-width builds an Intl.Segmenter and Unicode property
// regexes when it loads and on its first calls (30–60 ms here), more than a whole `--plain` run can
// spare. Text made only of the characters in NARROW below (ASCII, Latin, Greek, Cyrillic, general
// punctuation, arrows, math, box drawing: one column each, by string-width's own rules; a test
// compares every one of them with string-width) is measured without it; anything else loads it.

import * as kubeTraceNodeModule from 'node:module';

type StringWidth = (text: string) => number;
let stringWidthFn: StringWidth | undefined;

function stringWidth(text: string): number {
  if (stringWidthFn === undefined) {
    // In the bundle `require` exists (its banner defines it) and esbuild inlines string-width behind
    // this call, evaluated on first use; from source (tsx) Node's own require loads the ES module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, lazy load is the point: most text never needs it
    const mod = (typeof require === 'function' ? require('string-width') : kubeTraceNodeModule.createRequire(import.meta.url)('string-width')) as { default: StringWidth };
    stringWidthFn = mod.default;
  }
  return stringWidthFn(text);
}

/** Code point ranges [from, to] that are one column wide and need no grapheme segmentation. */
const NARROW: readonly (readonly [number, number])[] = [
  [0x20, 0x7e],
  [0xa0, 0xac], // 0xAD, the soft hyphen, is invisible
  [0xae, 0x2ff], // Latin-1, Latin Extended, IPA, spacing modifiers; 0x300–0x36F are combining marks
  [0x370, 0x482], // Greek, Cyrillic; 0x483–0x489 are combining marks
  [0x48a, 0x52f],
  [0x2010, 0x2027], // dashes, quotes, bullet, ellipsis; 0x2028–0x202F are separators and bidi controls
  [0x2030, 0x205e],
  [0x2190, 0x21ff], // arrows
  [0x2200, 0x22ff], // mathematical operators
  [0x2500, 0x259f], // box drawing, block elements
  [0x25a0, 0x25fc], // geometric shapes; 0x25FD and 0x25FE are emoji, two columns
];

function isNarrow(cp: number): boolean {
  for (const [from, to] of NARROW) if (cp >= from && cp <= to) return true;
  return false;
}

/** The width of text made only of NARROW characters, or null when it has any other. */
function narrowWidth(text: string): number | null {
  let n = 0;
  for (const ch of text) {
    if (!isNarrow(ch.codePointAt(0) ?? 0)) return null;
    n++;
  }
  return n;
}

let segmenter: Intl.Segmenter | undefined;

/** The user-perceived characters of a string (an emoji with modifiers is one). */
export function graphemes(text: string): string[] {
  if (narrowWidth(text) !== null) return Array.from(text); // one column each: code points are the graphemes
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) out.push(segment);
  return out;
}

/** Terminal columns a string takes (ANSI escape sequences count as none). */
export function displayWidth(text: string): number {
  // Printable ASCII is by far the most common case and is one column per character.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  return narrowWidth(text) ?? stringWidth(text);
}

/** Cuts a string to at most `width` columns, ending with `ellipsis` when it was cut. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  const mark = displayWidth(ellipsis) <= width ? ellipsis : '';
  const room = width - displayWidth(mark);
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const w = displayWidth(g);
    if (used + w > room) break;
    out += g;
    used += w;
  }
  return out + mark;
}

/** Pads on the right with spaces to `width` columns (never cuts). */
export function padEnd(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

/** Pads on the left with spaces to `width` columns (never cuts). */
export function padStart(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : ' '.repeat(width - w) + text;
}

/**
 * The columns [start, start + width) of a one-row string, for horizontal scrolling. A wide character
 * cut by either edge becomes spaces, so the columns that remain stay where they were.
 */
export function sliceColumns(text: string, start: number, width: number): string {
  const from = Math.max(0, start);
  const to = from + Math.max(0, width);
  let out = '';
  let col = 0;
  for (const g of graphemes(text)) {
    const w = displayWidth(g);
    const end = col + w;
    if (w === 0) {
      // A zero-width piece (an invisible character) belongs to the window it sits in.
      if (col >= from && col < to) out += g;
      continue;
    }
    if (end <= from) {
      col = end;
      continue;
    }
    if (col >= to) break;
    if (col >= from && end <= to) out += g;
    else out += ' '.repeat(Math.min(end, to) - Math.max(col, from));
    col = end;
  }
  return out;
}

// The unit of layout: a Line is one terminal row, as data: styled segments of text. Views build
// arrays of Lines; the ScrollView shows a window of them and LineView draws each one. Because a Line
// is data, not a React element, it can be measured (is it wider than the panel?), moved sideways
// (horizontal scrolling) and escaped in one place (printable(), in the constructors here and again
// in LineView).
//
// Two kinds of row:
// - ordinary rows are built to fit the panel (prose is wrapped, labels padded): they never scroll
//   sideways, and a test holds every view to that;
// - `wide` rows are exact text that must not be re-wrapped: a row of kubectl's table, an HTTP header,
//   a curl row. They keep their full width; when any is wider than the panel, the panel scrolls
//   sideways and says what is off-screen.
import { colors } from '../theme.js';
import { displayWidth, hardWrap, printable, wrapText } from '../../text/index.js';

export interface SegStyle {
  color?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  inverse?: boolean;
  underline?: boolean;
}

export interface Seg extends SegStyle {
  text: string;
}

export interface Line {
  segs: Seg[];
  /** Exact text kept whole (table rows, headers, curl): scrolled sideways, never cut silently. */
  wide?: boolean;
}

/** Old name kept for the views' signatures. */
export type TextStyle = SegStyle;

/** A segment: the text made printable (one row: newlines and controls shown escaped). */
export function seg(text: string, style: SegStyle = {}): Seg {
  return { ...style, text: printable(text) };
}

export function line(...segs: (Seg | string | null | undefined | false)[]): Line {
  return { segs: segs.filter((s): s is Seg | string => typeof s === 'string' || (s !== null && s !== undefined && s !== false)).map((s) => (typeof s === 'string' ? seg(s) : s)) };
}

export function wideLine(...segs: (Seg | string | null | undefined | false)[]): Line {
  return { ...line(...segs), wide: true };
}

export function lineWidth(l: Line): number {
  let n = 0;
  for (const s of l.segs) n += displayWidth(s.text);
  return n;
}

export function lineString(l: Line): string {
  return l.segs.map((s) => s.text).join('');
}

export function textLine(text: string, style: SegStyle = {}): Line {
  return { segs: [seg(text, style)] };
}

export function blankLine(): Line {
  return { segs: [] };
}

/** A section heading inside a panel: bold words, then a faint rule to the edge. */
export function headingLine(title: string, width: number, color: string = colors.accent): Line {
  const t = printable(title);
  const rule = '─'.repeat(Math.max(0, width - displayWidth(t) - 1));
  return { segs: [{ text: t, bold: true, color }, { text: rule === '' ? '' : ` ${rule}`, color: colors.muted }] };
}

/** Prose, word-wrapped to the panel. */
export function paragraphLines(text: string, width: number, style: SegStyle = {}, indent = 0): Line[] {
  const pad = ' '.repeat(indent);
  return wrapText(printable(text), Math.max(1, width - indent)).map((row) => textLine(pad + row, style));
}

/** Exact text (JSON), broken at the panel edge without reflowing. */
export function preformattedLines(text: string, width: number, style: SegStyle = {}, indent = 0): Line[] {
  const pad = ' '.repeat(indent);
  return printable(text, { newlines: 'keep' })
    .split('\n')
    .flatMap((row) => hardWrap(row, Math.max(1, width - indent)))
    .map((row) => textLine(pad + row, style));
}

/** Exact text, one wide row per line of it: kept whole, scrolled sideways when wider than the panel. */
export function wideTextLines(text: string, style: SegStyle = {}, indent = 0): Line[] {
  const pad = ' '.repeat(indent);
  return printable(text, { newlines: 'keep' })
    .split('\n')
    .map((row) => ({ segs: [{ ...style, text: pad + row }], wide: true }));
}

/** Pads a line with spaces on the right to `width` columns. */
export function padLine(l: Line, width: number): Line {
  const w = lineWidth(l);
  return w >= width ? l : { ...l, segs: [...l.segs, { text: ' '.repeat(width - w) }] };
}

/** A line with `prefix` segments put in front (a frame, an indent). */
export function prefixLine(prefix: Seg[], l: Line): Line {
  return { ...l, segs: [...prefix, ...l.segs] };
}

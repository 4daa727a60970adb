// Blocks (src/text/markup.ts) laid out as rows of styled spans for a given width, and rows cut into
// pages for a given height. The Ink UI and the plain renderer both draw these rows; neither wraps
// lesson text again. Every span's text goes through printable() here, so nothing laid out can move
// the terminal's cursor.

import { printable } from './printable.js';
import { mergeSpans, span, type Span, type SpanOrigin, type TextLine } from './spans.js';
import { displayWidth } from './width.js';
import { hardWrap, wrapSpans } from './wrap.js';
import type { Block, TableBlock } from './markup.js';

export interface LayoutOptions {
  /** Columns every row is indented by. */
  indent?: number;
}

/** Columns between table columns (as kubectl's tables have at least this much). */
const COLUMN_GAP = 3;
/** A table's last column narrower than this is not worth wrapping into: each row becomes a paragraph. */
const MIN_LAST_COLUMN = 16;

function safe(spans: readonly Span[], origin: SpanOrigin | undefined): Span[] {
  return spans.map((s) => {
    const text = printable(s.text);
    const o = s.origin ?? origin;
    return o === undefined ? { text, style: s.style } : { text, style: s.style, origin: o };
  });
}

function pad(n: number): Span[] {
  return n > 0 ? [span(' '.repeat(n))] : [];
}

function spansWidth(spans: readonly Span[]): number {
  return spans.reduce((n, s) => n + displayWidth(s.text), 0);
}

/**
 * One run of inline spans, wrapped: `prefix` on the first row, and later rows indented by the
 * prefix's width (a hanging indent), unless `hang` says otherwise.
 */
export function layoutInline(spans: readonly Span[], width: number, options: { prefix?: readonly Span[]; indent?: number; hang?: number; origin?: SpanOrigin } = {}): TextLine[] {
  const indent = options.indent ?? 0;
  const prefix = [...pad(indent), ...safe(options.prefix ?? [], undefined)];
  const hang = indent + (options.hang ?? spansWidth(safe(options.prefix ?? [], undefined)));
  const rows = wrapSpans(safe(spans, options.origin), width, { firstPrefix: prefix, restPrefix: pad(hang) });
  return rows.map((r, i) => (i === 0 ? { spans: r, start: true } : { spans: r }));
}

function layoutTable(t: TableBlock, width: number, indent: number, origin: SpanOrigin | undefined): TextLine[] {
  const all = [...(t.header === null ? [] : [t.header]), ...t.rows].map((row) => row.map((cell) => safe(cell, origin)));
  const columns = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...all.map((r) => spansWidth(r[c] ?? []))));
  const room = width - indent;
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + COLUMN_GAP, 0);
  const last = room - fixed;
  const out: TextLine[] = [];
  all.forEach((row, r) => {
    const header = t.header !== null && r === 0;
    const styled = header ? row.map((cell) => cell.map((s) => ({ ...s, style: 'label' as const }))) : row;
    if (columns > 1 && last < Math.min(MIN_LAST_COLUMN, widths[columns - 1] ?? 0)) {
      // Too narrow for columns: the row as one paragraph, its first cell leading.
      const joined = styled.flatMap((cell, c) => (c === 0 ? cell : [span('  '), ...cell]));
      out.push(...layoutInline(joined, width, { indent, hang: 2 }));
      return;
    }
    const lead: Span[] = [...pad(indent)];
    styled.slice(0, -1).forEach((cell, c) => lead.push(...cell, ...pad((widths[c] ?? 0) - spansWidth(cell) + COLUMN_GAP)));
    const lastCell = styled[columns - 1] ?? [];
    const rows = wrapSpans(lastCell, Math.max(1, last), {});
    rows.forEach((spans, i) => {
      const before = i === 0 ? lead : pad(indent + fixed);
      const line: TextLine = { spans: mergeSpans([...before, ...spans]) };
      if (i === 0) line.start = true;
      if (header) line.keep = true;
      out.push(line);
    });
  });
  return out;
}

function layoutBlock(block: Block, width: number, indent: number, origin: SpanOrigin | undefined): TextLine[] {
  switch (block.kind) {
    case 'paragraph':
      return block.lines.flatMap((spans, i) => {
        const rows = layoutInline(spans, width, { indent, origin });
        // Only the paragraph's first row is a place to start a page at.
        return i === 0 ? rows : rows.map((r) => ({ spans: r.spans }));
      });
    case 'list': {
      // Numbers are right-aligned so that the items' text lines up: " 9. " above "10. ".
      const markers = block.items.map((_, i) => (block.ordered ? `${block.start + i}.` : '•'));
      const markerWidth = Math.max(0, ...markers.map((m) => m.length));
      return block.items.flatMap((item, i) => layoutInline(item, width, { indent, prefix: [span(`${(markers[i] ?? '').padStart(markerWidth)} `)], origin }));
    }
    case 'pre':
      return block.lines.flatMap((raw, i) => {
        const text = printable(raw);
        const rows = displayWidth(text) + indent <= width ? [text] : hardWrap(text, Math.max(1, width - indent));
        return rows.map((row, j) => {
          const spans = mergeSpans([...pad(indent), span(row, 'plain', origin)]);
          return i === 0 && j === 0 ? { spans, start: true } : { spans };
        });
      });
    case 'table':
      return layoutTable(block, width, indent, origin);
    case 'group': {
      const o = block.origin ?? origin;
      const label = layoutInline(block.label.map((s) => ({ ...s, style: s.style === 'plain' ? ('label' as const) : s.style })), width, { indent, origin: o });
      const last = label[label.length - 1];
      if (last !== undefined) last.keep = true;
      return [...label, ...layoutBlocksAt(block.blocks, width, indent + block.indent, o, false)];
    }
  }
}

function layoutBlocksAt(blocks: readonly Block[], width: number, requested: number, origin: SpanOrigin | undefined, gapFirst: boolean): TextLine[] {
  // Nested indents never take more than half the row: the text keeps room on a narrow screen.
  const indent = Math.min(requested, Math.floor(width / 2));
  const out: TextLine[] = [];
  blocks.forEach((b, i) => {
    if (i > 0 || gapFirst) out.push({ spans: [] });
    out.push(...layoutBlock(b, width, indent, origin));
  });
  return out;
}

/** Blocks as rows at most `width` columns wide (a verbatim row too wide is broken), a blank row between blocks. */
export function layoutBlocks(blocks: readonly Block[], width: number, options: LayoutOptions = {}): TextLine[] {
  return layoutBlocksAt(blocks, Math.max(1, width), options.indent ?? 0, undefined, false);
}

/**
 * Rows cut into pages of at most `height` rows. A page breaks before a block (a paragraph, a list
 * item, a table row) rather than inside one; a block taller than a page is split. Labels stay with
 * the row after them; pages never start with a blank row.
 */
export function paginate(lines: readonly TextLine[], height: number): TextLine[][] {
  const h = Math.max(1, Math.floor(height));
  // Units: a block's rows, or one blank row; a unit ending in a label joins the next one.
  const units: TextLine[][] = [];
  for (const line of lines) {
    const prev = units[units.length - 1];
    const prevLast = prev?.[prev.length - 1];
    const blank = line.spans.length === 0;
    const joins = prev !== undefined && prevLast !== undefined && (prevLast.keep === true || (!blank && line.start !== true && prevLast.spans.length > 0));
    if (joins) prev.push(line);
    else units.push([line]);
  }
  const pages: TextLine[][] = [];
  let page: TextLine[] = [];
  let gap: TextLine | null = null;
  const close = (): void => {
    if (page.length > 0) pages.push(page);
    page = [];
    gap = null;
  };
  for (const unit of units) {
    if (unit.length === 1 && unit[0]?.spans.length === 0) {
      if (page.length > 0) gap = unit[0];
      continue;
    }
    const need = unit.length + (gap !== null ? 1 : 0);
    if (page.length + need <= h) {
      if (gap !== null) page.push(gap);
      page.push(...unit);
      gap = null;
      continue;
    }
    let rest = unit;
    // A block that fits a page of its own starts one; a taller one first fills what is left here.
    if (unit.length <= h || h - page.length - (gap !== null ? 1 : 0) < 2) close();
    else if (gap !== null) {
      page.push(gap);
      gap = null;
    }
    while (rest.length > 0) {
      const room = h - page.length;
      page.push(...rest.slice(0, room));
      rest = rest.slice(room);
      if (rest.length > 0 || page.length >= h) close();
    }
  }
  close();
  return pages;
}

// The lesson's look_at fields, found in the live panel. A field may name a value ("request.url") or a
// whole object ("whoami"): a row or heading whose data path is the field, or inside it, is highlighted;
// the first one also carries the lesson's note.
import { colors, marks } from '../theme.js';
import { displayWidth, printable, span, wrapText, type Span } from '../../text/index.js';
import type { Line } from './lines.js';
import { line, prefixLine, seg } from './lines.js';
import { spanRows } from './spanLines.js';
import type { ViewContext } from './viewContext.js';

export interface LookAtMatch {
  highlighted: boolean;
  /** The note, only for the first row that shows this field. */
  note: Span[] | null;
}

export function matchLookAt(ctx: ViewContext, path: string | undefined): LookAtMatch {
  if (path === undefined) return { highlighted: false, note: null };
  for (const [field, note] of ctx.lookAt) {
    if (path === field || path.startsWith(field + '.')) {
      if (ctx.seen.has(field)) return { highlighted: true, note: null };
      ctx.seen.add(field);
      return { highlighted: true, note };
    }
  }
  return { highlighted: false, note: null };
}

export function noteLines(note: readonly Span[], width: number, indent: number): Line[] {
  return spanRows(note, Math.max(10, width - indent), { prefix: [span('↳ ')], base: { color: colors.lookAt, dim: true } }).map((l) => prefixLine([seg(' '.repeat(indent))], l));
}

/** A section heading that may be a look_at field: bold words, a rule, and the note under it. */
export function sectionLines(title: string, ctx: ViewContext, path?: string, color: string = colors.accent): Line[] {
  const m = matchLookAt(ctx, path);
  const label = printable(m.highlighted ? `${marks.lookAt} ${title}` : title);
  const lines: Line[] = [];
  // A title wider than the panel wraps (it is prose); the rule fills what is left of its last row.
  const rows = displayWidth(label) + 2 <= ctx.width ? [label] : wrapText(label, Math.max(10, ctx.width - 2));
  rows.forEach((row, i) => {
    const rule = i === rows.length - 1 ? '─'.repeat(Math.max(0, ctx.width - displayWidth(row) - 1)) : '';
    lines.push(line(seg(row, { bold: true, color: m.highlighted ? colors.lookAt : color }), rule !== '' ? seg(` ${rule}`, { color: colors.muted }) : null));
  });
  if (m.note !== null) lines.push(...noteLines(m.note, ctx.width, 2));
  return lines;
}

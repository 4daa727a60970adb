// Key/value blocks: labels in a column, values wrapped beside them. A row whose data path is one of
// the lesson's look_at fields gets a yellow marker and the lesson's note underneath. Every row fits
// the panel: a label longer than the column takes room from its value, not from the edge.
import { colors, marks } from '../theme.js';
import { displayWidth, hardWrap, padEnd, printable, wrapText } from '../../text/index.js';
import type { Line } from './lines.js';
import { line, seg } from './lines.js';
import type { ViewContext } from './viewContext.js';
import { matchLookAt, noteLines } from './LookAt.js';

export interface KV {
  label: string;
  value: string;
  /** Dotted path into the stage's data, matched against the lesson's look_at fields. */
  path?: string;
  tone?: 'ok' | 'fail' | 'muted' | 'accent';
  /** Exact text (URLs, paths): break at the edge instead of at spaces. */
  exact?: boolean;
}

const toneColor = { ok: colors.ok, fail: colors.fail, muted: colors.muted, accent: colors.accent } as const;

/** A value as it is shown: never empty (an empty string is shown as ""). */
export function shownValue(value: string): string {
  return value === '' ? '""' : printable(value);
}

export function kvLines(entries: KV[], ctx: ViewContext, indent = 0): Line[] {
  if (entries.length === 0) return [];
  const labelWidth = Math.min(Math.max(...entries.map((e) => displayWidth(e.label))), Math.max(8, Math.floor(ctx.width / 3)));
  const lines: Line[] = [];
  for (const entry of entries) {
    const { highlighted, note } = matchLookAt(ctx, entry.path);
    const label = printable(entry.label);
    const labelCol = Math.max(labelWidth, displayWidth(label));
    const valueWidth = Math.max(8, ctx.width - indent - labelCol - 4);
    const value = shownValue(entry.value);
    const rows = entry.exact === true ? hardWrap(value, valueWidth) : wrapText(value, valueWidth);
    rows.forEach((row, i) => {
      lines.push(
        line(
          indent > 0 ? seg(' '.repeat(indent)) : null,
          seg(highlighted && i === 0 ? `${marks.lookAt} ` : '  ', { color: colors.lookAt }),
          seg(i === 0 ? padEnd(label, labelCol) : ' '.repeat(labelCol), { color: highlighted ? colors.lookAt : colors.muted }),
          seg('  '),
          seg(row, { bold: highlighted, color: highlighted ? colors.lookAt : entry.tone !== undefined ? toneColor[entry.tone] : undefined }),
        ),
      );
    });
    if (note !== null) lines.push(...noteLines(note, ctx.width, indent + labelCol + 4));
  }
  return lines;
}

// Key/value blocks: labels in a column, values wrapped beside them. A row whose data path is one of
// the lesson's look_at fields gets a yellow marker and the lesson's note underneath.
import { Text } from 'ink';
import { colors, marks } from '../theme.js';
import { padEnd, wrapText, hardWrap } from '../text/wrap.js';
import type { Line } from './lines.js';
import type { ViewContext } from './viewContext.js';
import { matchLookAt, noteLines } from './LookAt.js';

export interface KV {
  label: string;
  value: string;
  /** Dotted path into the stage's data, matched against the lesson's look_at fields. */
  path?: string;
  tone?: 'ok' | 'fail' | 'muted' | 'accent';
  /** Exact text (URLs, headers): break at the edge instead of at spaces. */
  exact?: boolean;
}

const toneColor = { ok: colors.ok, fail: colors.fail, muted: colors.muted, accent: colors.accent } as const;

export function kvLines(entries: KV[], ctx: ViewContext, indent = 0): Line[] {
  if (entries.length === 0) return [];
  const labelWidth = Math.min(Math.max(...entries.map((e) => e.label.length)), Math.max(8, Math.floor(ctx.width / 3)));
  const valueWidth = Math.max(10, ctx.width - indent - labelWidth - 5);
  const lines: Line[] = [];
  for (const entry of entries) {
    const { highlighted, note } = matchLookAt(ctx, entry.path);
    const value = entry.value === '' ? '""' : entry.value;
    const rows = entry.exact ? hardWrap(value, valueWidth) : wrapText(value, valueWidth);
    rows.forEach((row, i) => {
      const label = i === 0 ? padEnd(entry.label, labelWidth) : ' '.repeat(labelWidth);
      lines.push(
        <Text wrap="truncate-end">
          {' '.repeat(indent)}
          <Text color={colors.lookAt}>{highlighted && i === 0 ? `${marks.lookAt} ` : '  '}</Text>
          <Text color={highlighted ? colors.lookAt : colors.muted}>{label}</Text>
          {'  '}
          <Text
            bold={highlighted}
            color={highlighted ? colors.lookAt : entry.tone !== undefined ? toneColor[entry.tone] : undefined}
          >
            {row}
          </Text>
        </Text>,
      );
    });
    if (note !== null) lines.push(...noteLines(note, ctx.width, indent + labelWidth + 4));
  }
  return lines;
}

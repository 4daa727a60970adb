// The lesson's look_at fields, found in the live panel. A field may name a value ("request.url") or a
// whole object ("whoami"): a row or heading whose data path is the field, or inside it, is highlighted;
// the first one also carries the lesson's note.
import { Text } from 'ink';
import { colors, marks } from '../theme.js';
import { wrapText } from '../text/wrap.js';
import type { Line } from './lines.js';
import type { ViewContext } from './viewContext.js';

export interface LookAtMatch {
  highlighted: boolean;
  /** The note, only for the first row that shows this field. */
  note: string | null;
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

export function noteLines(note: string, width: number, indent: number): Line[] {
  return wrapText(note, Math.max(10, width - indent - 2)).map((row, i) => (
    <Text wrap="truncate-end" color={colors.lookAt} dimColor>
      {' '.repeat(indent)}
      {i === 0 ? '↳ ' : '  '}
      {row}
    </Text>
  ));
}

/** A section heading that may be a look_at field: bold words, a rule, and the note under it. */
export function sectionLines(title: string, ctx: ViewContext, path?: string, color: string = colors.accent): Line[] {
  const m = matchLookAt(ctx, path);
  const label = m.highlighted ? `${marks.lookAt} ${title}` : title;
  const rule = '─'.repeat(Math.max(0, ctx.width - label.length - 1));
  const lines: Line[] = [
    <Text wrap="truncate-end">
      <Text bold color={m.highlighted ? colors.lookAt : color}>
        {label}
      </Text>
      <Text color={colors.muted}> {rule}</Text>
    </Text>,
  ];
  if (m.note !== null) lines.push(...noteLines(m.note, ctx.width, 2));
  return lines;
}

// The lesson above the live panel: its summary, then one page at a time (each body section, then the
// myths, then things to try). On a small terminal it collapses to the summary; "L" opens all of it.
import React from 'react';
import { Text } from 'ink';
import type { Lesson } from '../../lessons/types.js';
import { colors } from '../theme.js';
import { wrapText } from '../text/wrap.js';
import type { Line } from './lines.js';
import { blankLine, headingLine, paragraphLines, textLine } from './lines.js';

export type LessonPage = { kind: 'section'; index: number } | { kind: 'myths' } | { kind: 'try' };

export function lessonPages(lesson: Lesson): LessonPage[] {
  const pages: LessonPage[] = lesson.body.map((_, index) => ({ kind: 'section', index }));
  if (lesson.myths.length > 0) pages.push({ kind: 'myths' });
  if (lesson.try.length > 0) pages.push({ kind: 'try' });
  return pages;
}

export function mythLines(lesson: Lesson, width: number): Line[] {
  const lines: Line[] = [];
  for (const m of lesson.myths) {
    const claim = wrapText(m.claim, width - 10);
    claim.forEach((row, i) =>
      lines.push(
        <Text wrap="truncate-end">
          <Text color={colors.fail}>{i === 0 ? '✗ Myth    ' : '          '}</Text>
          <Text color={colors.muted}>{row}</Text>
        </Text>,
      ),
    );
    wrapText(m.reality, width - 10).forEach((row, i) =>
      lines.push(
        <Text wrap="truncate-end">
          <Text color={colors.ok}>{i === 0 ? '→ Reality ' : '          '}</Text>
          {row}
        </Text>,
      ),
    );
  }
  return lines;
}

function tryLines(lesson: Lesson, width: number): Line[] {
  const lines: Line[] = [];
  for (const t of lesson.try) {
    lines.push(textLine(`$ ${t.command}`, { color: colors.accent }));
    lines.push(...paragraphLines(t.note, width, { color: colors.muted }, 2));
  }
  return lines;
}

function pageLines(lesson: Lesson, page: LessonPage, width: number): { title: string; lines: Line[] } {
  if (page.kind === 'myths') return { title: 'Myth → Reality', lines: mythLines(lesson, width) };
  if (page.kind === 'try') return { title: 'Try it yourself', lines: tryLines(lesson, width) };
  const s = lesson.body[page.index];
  return { title: s?.heading ?? '', lines: s === undefined ? [] : paragraphLines(s.text, width) };
}

/**
 * The lesson block, at most `maxHeight` rows. `page` is -1 for "summary only"; otherwise an index into
 * lessonPages(). When a page does not fit, it is cut and says how to read it all.
 */
export function lessonBlockLines(lesson: Lesson, page: number, width: number, maxHeight: number): Line[] {
  const pages = lessonPages(lesson);
  const summary = paragraphLines(lesson.summary, width);
  const current = page >= 0 ? pages[page] : undefined;
  if (maxHeight <= 0) return [];
  if (current === undefined || maxHeight <= summary.length + 1) {
    const hint = pages.length > 0 ? textLine(`l: read the lesson (${pages.length} pages) · L: all of it`, { color: colors.muted }) : null;
    if (summary.length < maxHeight && hint !== null) return [...summary, hint];
    return cut(summary, maxHeight);
  }
  const { title, lines } = pageLines(lesson, current, width);
  const head = (
    <Text wrap="truncate-end">
      <Text bold>{title}</Text>
      <Text color={colors.muted}>
        {'  '}
        {page + 1}/{pages.length} · l next
      </Text>
    </Text>
  );
  return cut([...summary, head, ...lines], maxHeight);
}

function cut(lines: Line[], maxHeight: number): Line[] {
  if (lines.length <= maxHeight) return lines;
  return [...lines.slice(0, Math.max(0, maxHeight - 1)), textLine('… L shows the whole lesson', { color: colors.muted })];
}

/** "L": everything in the lesson, for the scroll view. */
export function fullLessonLines(lesson: Lesson, width: number): Line[] {
  const lines: Line[] = [headingLine(lesson.title, width), ...paragraphLines(lesson.summary, width, { bold: true })];
  for (const s of lesson.body) lines.push(blankLine(), textLine(s.heading, { bold: true }), ...paragraphLines(s.text, width));
  if (lesson.myths.length > 0) lines.push(blankLine(), textLine('Myth → Reality', { bold: true }), ...mythLines(lesson, width));
  if (lesson.look_at.length > 0) {
    lines.push(blankLine(), textLine('Look at (highlighted in the live panel)', { bold: true }));
    for (const l of lesson.look_at) lines.push(...paragraphLines(`▸ ${l.field}: ${l.note}`, width, { color: colors.lookAt }));
  }
  if (lesson.try.length > 0) lines.push(blankLine(), textLine('Try it yourself', { bold: true }), ...tryLines(lesson, width));
  if (lesson.sources.length > 0) {
    lines.push(blankLine(), textLine('Sources', { bold: true }));
    for (const s of lesson.sources) lines.push(...paragraphLines(`${s.repo}: ${s.path}${s.note !== undefined ? ` — ${s.note}` : ''}`, width, { color: colors.muted }));
  }
  return lines;
}

// The lesson above the live panel, one page at a time: the summary first, then each body section,
// the myths ("Myth → Reality"), and things to try. "l" turns the page; "L" opens all of it. On a
// small terminal the page is cut to the room there is, and says so.
import { Text } from 'ink';
import type { Lesson, LessonSet } from '../../lessons/types.js';
import type { TracePlan } from '../../trace/types.js';
import { colors } from '../theme.js';
import { wrapText } from '../text/wrap.js';
import type { Line } from './lines.js';
import { blankLine, headingLine, paragraphLines, proseLines, textLine } from './lines.js';

export type LessonPage = { kind: 'summary' } | { kind: 'section'; index: number } | { kind: 'myths' } | { kind: 'try' };

export function lessonPages(lesson: Lesson): LessonPage[] {
  const pages: LessonPage[] = [{ kind: 'summary' }, ...lesson.body.map((_, index) => ({ kind: 'section' as const, index }))];
  if (lesson.myths.length > 0) pages.push({ kind: 'myths' });
  if (lesson.try.length > 0) pages.push({ kind: 'try' });
  return pages;
}

/** How many pages each stage's lesson has, by plan position (0 where a stage has no lesson). */
export function lessonPageCounts(plan: TracePlan, lessons: Partial<LessonSet>): number[] {
  return plan.stages.map((s) => {
    const lesson = lessons[s.name];
    return lesson !== undefined ? lessonPages(lesson).length : 0;
  });
}

export function mythLines(lesson: Lesson, width: number): Line[] {
  const lines: Line[] = [];
  for (const m of lesson.myths) {
    wrapText(m.claim, width - 10).forEach((row, i) =>
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
    lines.push(...proseLines(t.note, width, { color: colors.muted }, 2));
  }
  return lines;
}

function pageContent(lesson: Lesson, page: LessonPage, width: number, stageTitle: string): { title: string; lines: Line[] } {
  switch (page.kind) {
    case 'summary':
      // The stage title is already on screen: do not say it twice.
      return { title: lesson.title === stageTitle ? 'In short' : lesson.title, lines: proseLines(lesson.summary, width) };
    case 'myths':
      return { title: 'Myth → Reality', lines: mythLines(lesson, width) };
    case 'try':
      return { title: 'Try it yourself', lines: tryLines(lesson, width) };
    case 'section': {
      const s = lesson.body[page.index];
      return { title: s?.heading ?? '', lines: s === undefined ? [] : proseLines(s.text, width) };
    }
  }
}

/**
 * The lesson block: one page, at most `maxHeight` rows, cut with a pointer to "L" when it does not fit.
 * `stageTitle`: the title already on screen above it (the plan's).
 */
export function lessonBlockLines(lesson: Lesson, page: number, width: number, maxHeight: number, stageTitle: string): Line[] {
  if (maxHeight <= 0) return [];
  const pages = lessonPages(lesson);
  const index = Math.min(Math.max(0, page), pages.length - 1);
  const current = pages[index] ?? { kind: 'summary' as const };
  const { title, lines } = pageContent(lesson, current, width, stageTitle);
  const nav = pages.length > 1 ? `  ${index + 1}/${pages.length} · l next · L all` : '';
  const head = (
    <Text wrap="truncate-end">
      <Text bold color={colors.accent}>
        {title}
      </Text>
      <Text color={colors.muted}>{nav}</Text>
    </Text>
  );
  // Too little room for a heading: the text alone.
  const all = maxHeight <= 2 ? lines : [head, ...lines];
  if (all.length <= maxHeight) return all;
  return [...all.slice(0, Math.max(0, maxHeight - 1)), textLine('… L shows the whole lesson', { color: colors.muted })];
}

/** "L": everything in the lesson, for the scroll view. */
export function fullLessonLines(lesson: Lesson, width: number): Line[] {
  const lines: Line[] = [headingLine(lesson.title, width), ...proseLines(lesson.summary, width, { bold: true })];
  for (const s of lesson.body) lines.push(blankLine(), textLine(s.heading, { bold: true }), ...proseLines(s.text, width));
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

// The lesson beside the live panel, rendered by the one resolver every presenter uses
// (src/lessons: resolveLesson for this run's data and versions, lessonTextPages for pages): inline
// code styled without backticks, tables and lists aligned, paragraphs reflowed once (never wrapped
// again here), captured examples and version-scoped parts labelled, `here:` sentences filled from the
// stage's data. Three shapes:
// - the block: one page, sized to the rows the layout really gives it, headed by the page's title and
//   the lesson's own pager ("page 2 of 5 · l next page"), which does not read like the stage counter;
// - one line (presenter mode): the summary's first row, and the keys that open the rest;
// - all of it ("L"), for the scroll view.
import type { Lesson } from '../../lessons/types.js';
import { layoutBlocks, layoutInline, span, type Span, type TextLine } from '../../text/index.js';
import { lessonTextPages, resolveLesson, type LessonTextPage, type ResolvedLesson } from '../../lessons/index.js';
import type { RunVersions } from '../../lessons/versions.js';
import type { AnyStageResult } from '../../trace/types.js';
import { colors } from '../theme.js';
import type { Line, Seg } from './lines.js';
import { segOf, textLineToLine } from './spanLines.js';
import { blankLine, headingLine, line, seg } from './lines.js';

// ---------------------------------------------------------------- resolving, once per data and versions

const cache = new WeakMap<Lesson, { data: unknown; key: string; resolved: ResolvedLesson }>();

/** The lesson as this run shows it (memoised: the screen redraws often, the data changes rarely). */
export function resolvedLesson(lesson: Lesson, result: AnyStageResult | undefined, versions: RunVersions): ResolvedLesson {
  const data = result?.data ?? null;
  const key = `${versions.server ?? ''}|${versions.kubectl ?? ''}`;
  const hit = cache.get(lesson);
  if (hit !== undefined && hit.data === data && hit.key === key) return hit.resolved;
  const resolved = resolveLesson(lesson, { data, versions });
  cache.set(lesson, { data, key, resolved });
  return resolved;
}

// ---------------------------------------------------------------- pages

/** The page's title: a section's heading, or the presenter's name for the others. */
function pageTitle(p: LessonTextPage): Span[] {
  switch (p.kind) {
    case 'summary':
      return [span('In short', 'heading')];
    case 'myths':
      return [span('Myth and reality', 'heading')];
    case 'try':
      return [span('Try it yourself', 'heading')];
    case 'section':
      return p.heading.map((s) => (s.style === 'plain' ? { ...s, style: 'heading' as const } : s));
  }
}

/** The lesson's own pager: named so that it does not read like the stage counter ("2/7"); shorter on a narrow screen. */
function pagerSpans(index: number, count: number, width: number): Span[] {
  if (count <= 1) return [span(' · L all', 'muted')];
  return [span(width >= 90 ? ` · lesson page ${index + 1} of ${count} · l next page · L all` : ` · lesson page ${index + 1} of ${count} (l)`, 'muted')];
}

/** A part of a section too tall for one page says so, so that a page ending mid-paragraph is not taken for the end. */
function partSpans(p: LessonTextPage): Span[] {
  if (p.parts <= 1) return [];
  return [span(p.part < p.parts ? ' (continues)' : ' (continued)', 'muted')];
}

function headingRows(p: LessonTextPage, index: number, count: number, width: number): TextLine[] {
  return layoutInline([...pageTitle(p), ...partSpans(p), ...pagerSpans(index, count, width)], width);
}

export interface LessonBlock {
  lines: Line[];
  /** Pages at this size: what "l" turns through. */
  pages: number;
  /** The text rows each page was cut for (the room under the heading). */
  textRows: number;
}

/**
 * One page of the lesson in at most `maxHeight` rows, `width` columns: pages are cut for the text
 * rows left under the heading, so a page always fits whole (nothing is cut mid-page).
 */
export function lessonBlock(lesson: ResolvedLesson, page: number, width: number, maxHeight: number): LessonBlock {
  if (maxHeight < 2) return { lines: [], pages: 0, textRows: 0 };
  // The heading takes one row, or more on a narrow screen, and the text gets the rest. Cutting the
  // pages for fewer text rows can give a page a longer heading ("(continues)", a higher page count),
  // so the cut is repeated until the heading room holds every page's heading (or one text row is left).
  let headRows = 1;
  let pages = lessonTextPages(lesson, { width, height: maxHeight - 1 });
  for (let round = 0; round < 4; round++) {
    const need = Math.min(maxHeight - 1, Math.max(1, ...pages.map((p, i) => headingRows(p, i, pages.length, width).length)));
    if (need <= headRows) break;
    headRows = need;
    pages = lessonTextPages(lesson, { width, height: maxHeight - headRows });
  }
  const index = Math.min(Math.max(0, page), pages.length - 1);
  const current = pages[index];
  if (current === undefined) return { lines: [], pages: 0, textRows: 0 };
  // A heading still longer than its room (a very small panel) keeps its first rows, the last one marked.
  const rows = headingRows(current, index, pages.length, width);
  const head = rows.slice(0, headRows).map((t) => textLineToLine(t));
  const last = head.at(-1);
  if (rows.length > headRows && last !== undefined) head[head.length - 1] = line(...last.segs, seg('…', { color: colors.muted }));
  return { lines: [...head, ...current.lines.map((t) => textLineToLine(t))], pages: pages.length, textRows: maxHeight - headRows };
}

/** Presenter mode: the lesson as one row, its summary's first line, with the keys that open it. */
export function lessonOneLine(lesson: ResolvedLesson, width: number): Line {
  const keys = ' · f lesson · L all';
  const room = Math.max(10, width - keys.length - 1);
  const rows = layoutBlocks(lesson.summary, room);
  const first = rows[0];
  const more = rows.length > 1;
  const text: Seg[] = first !== undefined ? first.spans.map((s) => segOf(s)) : [];
  return line(...text, more ? seg('…', { color: colors.muted }) : null, seg(keys, { color: colors.muted }));
}

/** "L": everything in the lesson, for the scroll view. */
export function fullLessonLines(lesson: ResolvedLesson, width: number): Line[] {
  const title = lesson.title.map((s) => s.text).join('');
  const lines: Line[] = [headingLine(title, width)];
  const pages = lessonTextPages(lesson, { width, height: Number.MAX_SAFE_INTEGER });
  for (const p of pages) {
    if (lines.length > 1) lines.push(blankLine());
    lines.push(...layoutInline(pageTitle(p), width).map((t) => textLineToLine(t)));
    lines.push(...p.lines.map((t) => textLineToLine(t)));
  }
  if (lesson.look_at.length > 0) {
    lines.push(blankLine(), ...layoutInline([span('Look at (highlighted in the live panel)', 'heading')], width).map((t) => textLineToLine(t)));
    for (const l of lesson.look_at) lines.push(...layoutInline([span(l.field, 'code'), span(': '), ...l.note], width, { prefix: [span('▸ ', 'label')] }).map((t) => textLineToLine(t)));
  }
  if (lesson.sources.length > 0) {
    lines.push(blankLine(), ...layoutInline([span('Sources', 'heading')], width).map((t) => textLineToLine(t)));
    for (const s of lesson.sources) lines.push(...layoutInline([span(`${s.repo}: ${s.path}${s.note !== undefined ? ` — ${s.note}` : ''}`, 'muted')], width).map((t) => textLineToLine(t)));
  }
  return lines;
}

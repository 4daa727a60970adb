// A resolved lesson as rows and pages of styled spans, for any presenter: the Ink UI draws the rows,
// the plain renderer prints them. Nothing here knows colours; styles are names (src/text/spans.ts).

import { displayWidth, layoutBlocks, layoutInline, mergeSpans, paginate, printable, span, type Span, type TextLine } from '../text/index.js';
import type { ResolvedLesson, ResolvedMyth, ResolvedSection } from './resolve.js';

function spansWidth(spans: readonly Span[]): number {
  return spans.reduce((n, s) => n + displayWidth(printable(s.text)), 0);
}

/** The scope beside a heading or claim: " (kube-apiserver ≥ 1.31)". */
function scopeSpans(scope: ResolvedSection['scope']): Span[] {
  return scope === null ? [] : [span(' '), span(`(${scope.label})`, 'label')];
}

/** A section's heading row(s), its scope beside it. */
export function layoutHeading(section: ResolvedSection, width: number): TextLine[] {
  const rows = layoutInline([...section.heading.map((s) => (s.style === 'plain' ? { ...s, style: 'heading' as const } : s)), ...scopeSpans(section.scope)], width);
  for (const r of rows) r.keep = true;
  return rows;
}

/** A section's text (without its heading). */
export function layoutSection(section: ResolvedSection, width: number): TextLine[] {
  return layoutBlocks(section.blocks, width);
}

export interface MythLayoutOptions {
  /** Before the claim, e.g. [span('✗ Myth ', 'label')]; the claim's later rows hang under it. */
  claimPrefix?: readonly Span[];
  /** Before the reality's first row, e.g. [span('→ ', 'label')]. */
  realityPrefix?: readonly Span[];
  /** Columns the reality is indented by (default: the claim prefix's width). */
  indent?: number;
}

/** One myth: the claim (with its scope), then the reality indented under it. */
export function layoutMyth(myth: ResolvedMyth, width: number, options: MythLayoutOptions = {}): TextLine[] {
  const claimPrefix = options.claimPrefix ?? [span('Myth: ', 'label')];
  const claim = layoutInline([...myth.claim, ...scopeSpans(myth.scope)], width, { prefix: claimPrefix });
  const last = claim[claim.length - 1];
  if (last !== undefined) last.keep = true;
  const indent = options.indent ?? spansWidth(claimPrefix);
  const reality = layoutBlocks(myth.reality, width, { indent });
  const first = reality[0];
  const prefix = options.realityPrefix ?? [];
  if (first !== undefined && prefix.length > 0 && spansWidth(prefix) <= indent) {
    // The prefix sits in the indent, left of the reality's first row.
    const lead = first.spans[0];
    if (lead !== undefined && lead.text.startsWith(' '.repeat(indent))) {
      first.spans = mergeSpans([span(' '.repeat(indent - spansWidth(prefix))), ...prefix, { ...lead, text: lead.text.slice(indent) }, ...first.spans.slice(1)]);
    }
  }
  return [...claim, ...reality];
}

export type LessonPageKind = 'summary' | 'section' | 'myths' | 'try';

/** One page of a lesson for a screen of a given size. */
export interface LessonTextPage {
  kind: LessonPageKind;
  /** The section's index in ResolvedLesson.sections, for kind 'section'. */
  section?: number;
  /** The page's heading (the section heading with its scope; empty for summary, myths, try: the presenter names those). */
  heading: Span[];
  /** 1-based part of a section or group that needed more than one page, and how many parts it has. */
  part: number;
  parts: number;
  lines: TextLine[];
}

/**
 * The lesson cut into pages of at most `height` rows of text, `width` columns wide: the summary, each
 * section (split at block boundaries when it does not fit), the myths, what to try. Headings are
 * separate (a presenter draws them on its own row), so `height` counts text rows only.
 */
export function lessonTextPages(lesson: ResolvedLesson, size: { width: number; height: number }): LessonTextPage[] {
  const { width, height } = size;
  const pages: LessonTextPage[] = [];
  const add = (kind: LessonPageKind, heading: Span[], lines: TextLine[], section?: number): void => {
    const parts = lines.length === 0 ? [[]] : paginate(lines, height);
    parts.forEach((p, i) => {
      const page: LessonTextPage = { kind, heading, part: i + 1, parts: parts.length, lines: p };
      if (section !== undefined) page.section = section;
      pages.push(page);
    });
  };
  add('summary', [], layoutBlocks(lesson.summary, width));
  lesson.sections.forEach((s, i) => add('section', [...s.heading, ...scopeSpans(s.scope)], layoutSection(s, width), i));
  if (lesson.myths.length > 0) {
    const lines: TextLine[] = [];
    lesson.myths.forEach((m, i) => {
      if (i > 0) lines.push({ spans: [] });
      lines.push(...layoutMyth(m, width));
    });
    add('myths', [], lines);
  }
  if (lesson.try.length > 0) {
    const lines: TextLine[] = [];
    for (const t of lesson.try) {
      // A long command wraps at spaces rather than being cut: every word of it stays visible.
      const command = layoutInline([span(t.command, 'code')], width, { prefix: [span('$ ', 'muted')], hang: 4 });
      const last = command[command.length - 1];
      if (last !== undefined) last.keep = true;
      lines.push(...command);
      lines.push(...layoutInline(t.note, width, { indent: 2 }).map((l) => ({ spans: l.spans.map((s) => (s.style === 'plain' ? { ...s, style: 'muted' as const } : s)) })));
    }
    add('try', [], lines);
  }
  return pages;
}

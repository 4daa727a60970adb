// The plain presentation: every stage in order, as text, for pipes, logs and `--plain`. Lessons come
// from the one resolver every presenter uses (src/lessons): markup laid out for the width (inline
// code styled, not backquoted; tables aligned; captured examples and version-scoped parts labelled),
// `here:` sentences filled from the stage's data. Every line goes through printable(): nothing the
// server sent can move the cursor; kubectl's own output is exact when it goes to a pipe.

import type { Lesson, LessonSet } from '../../lessons/types.js';
import { layoutBlocks, layoutInline, printable, span, type Span, type TextLine } from '../../text/index.js';
import { layoutMyth, resolveLesson, type ResolvedLesson } from '../../lessons/index.js';
import type { AnyStageResult, KubectlOutput, WatchData } from '../../trace/types.js';
import { GET_PLAN, type TracePlan } from '../../trace/plan.js';
import type { ExportedCredentials } from '../curl.js';
import { type Palette } from '../palette.js';
import { ms, stageLines, watchEventLine, watchHeadLines } from './stage-lines.js';
import { wrapProse } from '../../text/index.js';

export interface PlainOptions {
  width: number;
  palette: Palette;
  lessons: LessonSet | null;
  /** stdout is a terminal: kubectl's output is made printable too (to a pipe it is exact). */
  terminal?: boolean;
  /** --export-credentials wrote them: the curl line is shown ready to run. */
  credentials?: ExportedCredentials | null;
  /** The run's plan (stage count and positions); default: every stage of the catalogue. */
  plan?: TracePlan;
  /** The watch's events were printed live (renderWatchEvents): its final block does not repeat them. */
  watchEventsShownLive?: boolean;
}

/** Wraps prose at `width` columns (on spaces), keeping an indent. */
export function wrap(text: string, width: number, prefix = '  '): string[] {
  return wrapProse(printable(text), width, prefix);
}

/** The run's plan, or get's when the caller has none (a report from before plans were recorded). */
function planOf(opts: PlainOptions): TracePlan {
  return opts.plan ?? GET_PLAN;
}

function stageCount(opts: PlainOptions): number {
  return planOf(opts).stages.length;
}

function positionOf(name: AnyStageResult['name'], opts: PlainOptions): number {
  return planOf(opts).stages.findIndex((s) => s.name === name);
}

function header(r: AnyStageResult, index: number, opts: PlainOptions): string {
  const p = opts.palette;
  const status = r.status === 'ok' ? p.green('ok') : r.status === 'error' ? p.red('error') : p.dim('not reached');
  const left = `━━ ${index + 1}/${stageCount(opts)} ${r.name} · ${r.title} `;
  const right = ` ${r.status === 'skipped' ? '' : `${ms(r.durationMs)} · `}`;
  const fill = Math.max(3, opts.width - left.length - right.length - (r.status === 'ok' ? 2 : r.status === 'error' ? 5 : 11));
  return p.bold(left) + p.dim('─'.repeat(fill)) + right + status;
}

/** A laid-out row of lesson text, styled by the palette (layout already made it printable). */
function styled(line: TextLine, p: Palette): string {
  return line.spans
    .map((s: Span) => {
      const t = s.origin === 'captured' ? p.dim(s.text) : s.text;
      switch (s.style) {
        case 'code':
          return p.cyan(t);
        case 'emphasis':
        case 'heading':
          return p.bold(t);
        case 'muted':
        case 'label':
          return p.dim(t);
        case 'plain':
          return t;
      }
    })
    .join('');
}

/** The versions this run's lessons hold for, once the request stage has told them. */
function versionsOf(r: AnyStageResult, previous: readonly AnyStageResult[]): { server: string | null; kubectl: string | null } {
  const request = [...previous, r].find((x) => x.name === 'request');
  const v = request?.name === 'request' ? request.data?.versions : undefined;
  return { server: v?.server.info?.gitVersion ?? null, kubectl: v?.kubectl.gitVersion ?? null };
}

function resolved(lesson: Lesson | undefined, r: AnyStageResult, previous: readonly AnyStageResult[]): ResolvedLesson | null {
  return lesson === undefined ? null : resolveLesson(lesson, { data: r.data, versions: versionsOf(r, previous) });
}

function lessonLines(lesson: ResolvedLesson | null, stageTitle: string, width: number, palette: Palette): string[] {
  if (lesson === null) return [];
  const title = lesson.title.map((s) => s.text).join('');
  const head = title.trim() === stageTitle.trim() ? [] : [palette.cyan(`  ${printable(title)}`)];
  return [...head, ...layoutBlocks(lesson.summary, width - 2, { indent: 2 }).map((l) => palette.dim(styled(l, palette))), ''];
}

/** The lesson's myths (each checked against a real API server's captures) and what to try next. */
function mythLines(lesson: ResolvedLesson | null, width: number, palette: Palette): string[] {
  if (lesson === null || (lesson.myths.length === 0 && lesson.try.length === 0)) return [];
  const lines: string[] = [''];
  for (const m of lesson.myths) {
    for (const row of layoutMyth(m, width - 2, { claimPrefix: [span('Myth:    ', 'label')], realityPrefix: [span('Reality: ', 'label')], indent: 9 })) lines.push(`  ${styled(row, palette)}`);
  }
  for (const t of lesson.try) {
    for (const row of layoutInline([span('Try: ', 'label'), span(t.command, 'code'), span(' — ', 'muted'), ...t.note], width - 2, { hang: 4 })) lines.push(`  ${styled(row, palette)}`);
  }
  return lines;
}

/** One stage as a block of text, as soon as the engine yields it. `previous`: the stages printed before it. */
export function renderStage(r: AnyStageResult, opts: PlainOptions, previous: readonly AnyStageResult[] = []): string {
  const index = positionOf(r.name, opts);
  const p = opts.palette;
  const lesson = resolved(opts.lessons?.[r.name], r, previous);
  // A stage that was not reached gets no lesson: the learner's attention belongs on the failure.
  const lines = [header(r, index, opts), ...(r.status === 'skipped' ? [] : lessonLines(lesson, r.title, opts.width, p))];
  if (r.data) lines.push(...stageLines(r.name, r.data, { previous, credentials: opts.credentials ?? null, width: opts.width, eventsShownLive: opts.watchEventsShownLive === true }).map((l) => `  ${printable(l)}`));
  if (r.status === 'error' && r.error) {
    lines.push('', p.red(`  ✗ ${printable(r.error.message)}`));
    lines.push(...wrap(`What to try: ${r.error.hint}`, opts.width, '    '));
    if (r.error.kubectlMessage) lines.push(`    kubectl says: ${printable(r.error.kubectlMessage)}`);
  }
  if (r.status === 'skipped') lines.push(...wrap(`not reached: ${r.reason ?? 'an earlier stage stopped the trace'}`, opts.width, '  ').map((l) => p.dim(l)));
  else lines.push(...mythLines(lesson, opts.width, p));
  return lines.join('\n') + '\n';
}

/**
 * The watch's events as they arrive (--plain): the request once, then each new event with the row
 * kubectl printed for it. `shown` is how many were printed before; returns the text and the new count.
 */
export function renderWatchEvents(d: WatchData, shown: number, opts: PlainOptions): { text: string; shown: number } {
  const p = opts.palette;
  const lines: string[] = [];
  if (shown === 0 && d.events.length > 0) {
    lines.push(p.bold(`━━ ${positionOf('watch', opts) + 1}/${stageCount(opts)} watch · events as they arrive `) + p.dim('─'.repeat(Math.max(3, opts.width - 50))));
    lines.push(...watchHeadLines(d).map((l) => `  ${printable(l)}`), '');
  }
  const fresh = d.events.filter((e) => e.seq > shown);
  for (const e of fresh) {
    lines.push(`  ${printable(watchEventLine(e))}`);
    if (e.printed !== '') lines.push(...printable(e.printed.replace(/\n$/, ''), { newlines: 'keep' }).split('\n').map((l) => p.dim(`      ${l}`)));
  }
  const last = fresh[fresh.length - 1];
  return { text: lines.length > 0 ? lines.join('\n') + '\n' : '', shown: last ? last.seq : shown };
}

export function renderOutput(out: KubectlOutput, opts: PlainOptions): string {
  const p = opts.palette;
  const exact = (s: string): string => (opts.terminal === true ? printable(s, { newlines: 'keep' }) : s);
  const rule = (label: string): string => p.bold(`── ${label} `) + p.dim('─'.repeat(Math.max(3, opts.width - label.length - 4)));
  if (out.unknown !== undefined) return [rule('what kubectl prints (not known)'), ...wrap(out.unknown, opts.width, '  ').map((l) => p.dim(l))].join('\n') + '\n';
  const lines = [rule(`what kubectl prints (exit code ${out.exitCode})`)];
  if (out.stdout) lines.push(exact(out.stdout.replace(/\n$/, '')));
  if (out.stderr) lines.push(p.yellow(`[stderr] ${exact(out.stderr.replace(/\n$/, '')).split('\n').join('\n[stderr] ')}`));
  if (!out.stdout && !out.stderr) lines.push(p.dim('(nothing)'));
  return lines.join('\n') + '\n';
}

export function renderReportHeader(version: string, argv: readonly string[], opts: PlainOptions): string {
  return `${opts.palette.bold(`kube-trace ${version}`)} · kube-trace ${printable(argv.join(' '))}\n\n`;
}

// The plain presentation: every stage in order, as text, for pipes, logs and `--plain`.

import type { Lesson, LessonSet } from '../../lessons/types.js';
import { STAGE_NAMES, type AnyStageResult, type KubectlOutput } from '../../trace/types.js';
import { type Palette } from '../palette.js';
import { ms, stageLines } from './stage-lines.js';
import { wrapProse } from '../../text/index.js';

export interface PlainOptions {
  width: number;
  palette: Palette;
  lessons: LessonSet | null;
}

/** Wraps prose at `width` columns (on spaces), keeping an indent. */
export function wrap(text: string, width: number, prefix = '  '): string[] {
  return wrapProse(text, width, prefix);
}

function header(r: AnyStageResult, index: number, opts: PlainOptions): string {
  const p = opts.palette;
  const status = r.status === 'ok' ? p.green('ok') : r.status === 'error' ? p.red('error') : p.dim('not reached');
  const left = `━━ ${index + 1}/${STAGE_NAMES.length} ${r.name} · ${r.title} `;
  const right = ` ${r.status === 'skipped' ? '' : `${ms(r.durationMs)} · `}`;
  const fill = Math.max(3, opts.width - left.length - right.length - (r.status === 'ok' ? 2 : r.status === 'error' ? 5 : 11));
  return p.bold(left) + p.dim('─'.repeat(fill)) + right + status;
}

function lessonLines(lesson: Lesson | undefined, stageTitle: string, width: number, palette: Palette): string[] {
  if (!lesson) return [];
  const title = lesson.title.trim() === stageTitle.trim() ? [] : [palette.cyan(`  ${lesson.title}`)];
  return [...title, ...wrap(lesson.summary, width, '  ').map((l) => palette.dim(l)), ''];
}

/** The lesson's myths (each checked against a real API server's captures) and what to try next. */
function mythLines(lesson: Lesson | undefined, width: number, palette: Palette): string[] {
  if (!lesson || (lesson.myths.length === 0 && lesson.try.length === 0)) return [];
  const lines: string[] = [''];
  for (const m of lesson.myths) {
    lines.push(...wrap(`Myth: ${m.claim}`, width, '  ').map((l) => palette.yellow(l)));
    lines.push(...wrap(`Reality: ${m.reality}`, width, '    '));
  }
  for (const t of lesson.try) lines.push(palette.cyan(`  Try: ${t.command}`) + palette.dim(` — ${t.note}`));
  return lines;
}

/** One stage as a block of text, as soon as the engine yields it. */
export function renderStage(r: AnyStageResult, opts: PlainOptions): string {
  const index = STAGE_NAMES.indexOf(r.name);
  const p = opts.palette;
  // A stage that was not reached gets no lesson: the learner's attention belongs on the failure.
  const lesson = r.status === 'skipped' ? [] : lessonLines(opts.lessons?.[r.name], r.title, opts.width, p);
  const lines = [header(r, index, opts), ...lesson];
  if (r.data) lines.push(...stageLines(r.name, r.data).map((l) => `  ${l}`));
  if (r.status === 'error' && r.error) {
    lines.push('', p.red(`  ✗ ${r.error.message}`));
    lines.push(...wrap(`What to try: ${r.error.hint}`, opts.width, '    '));
    if (r.error.kubectlMessage) lines.push(`    kubectl says: ${r.error.kubectlMessage}`);
  }
  if (r.status === 'skipped') lines.push(...wrap(`not reached: ${r.reason ?? 'an earlier stage stopped the trace'}`, opts.width, '  ').map((l) => p.dim(l)));
  else lines.push(...mythLines(opts.lessons?.[r.name], opts.width, p));
  return lines.join('\n') + '\n';
}

export function renderOutput(out: KubectlOutput, opts: PlainOptions): string {
  const p = opts.palette;
  const rule = (label: string): string => p.bold(`── ${label} `) + p.dim('─'.repeat(Math.max(3, opts.width - label.length - 4)));
  const lines = [rule(`what kubectl prints (exit code ${out.exitCode})`)];
  if (out.stdout) lines.push(out.stdout.replace(/\n$/, ''));
  if (out.stderr) lines.push(p.yellow(`[stderr] ${out.stderr.replace(/\n$/, '').split('\n').join('\n[stderr] ')}`));
  if (!out.stdout && !out.stderr) lines.push(p.dim('(nothing)'));
  return lines.join('\n') + '\n';
}

export function renderReportHeader(version: string, argv: readonly string[], opts: PlainOptions): string {
  return `${opts.palette.bold(`kube-trace ${version}`)} · kube-trace ${argv.join(' ')}\n\n`;
}

// After the last stage: every stage of the plan on one screen, with its key fact and how long it took.
import { Text } from 'ink';
import type { AnyStageResult, TracePlan, TraceReport } from '../../trace/types.js';
import { colors, marks } from '../theme.js';
import { formatMs, padEnd, truncate } from '../text/wrap.js';
import type { Line } from './lines.js';
import { blankLine, headingLine, textLine } from './lines.js';
import { stageFact } from '../stages/index.js';
import type { TraceSnapshot } from '../hooks/traceDriver.js';
import { jumpKeys } from '../keys.js';
import { crashLines, progressLines } from './Progress.js';

/**
 * The summary as a screen: the engine's crash, the trace still running (with --no-pause), or the
 * summary with what the keys do here; without the stage titles when it would not fit `height`.
 */
export function summaryScreenLines(plan: TracePlan, snapshot: TraceSnapshot, width: number, height: number, noPause: boolean, tick: number): Line[] {
  if (snapshot.crashed !== null) return crashLines(snapshot.crashed, width);
  if (!snapshot.done) return progressLines(plan, snapshot, snapshot.running?.index ?? plan.stages.length, width, tick);
  const revisit = `or ${jumpKeys(plan.stages.length, '–')} to revisit a stage.`;
  const hint = noPause ? `Press q to exit, ${revisit}` : `Press → or q to exit, ${revisit}`;
  const full = summaryLines(plan, snapshot.results, snapshot.report, width, hint, true);
  return full.length <= height ? full : summaryLines(plan, snapshot.results, snapshot.report, width, hint, false);
}

export function summaryLines(plan: TracePlan, results: readonly (AnyStageResult | undefined)[], report: TraceReport | null, width: number, exitHint: string | null, withTitles = true): Line[] {
  const lines: Line[] = [headingLine(`Summary: ${report !== null ? 'kube-trace ' + report.command.join(' ') : 'your request'}`, width)];
  const nameW = Math.max(...plan.stages.map((s) => s.name.length));
  const msW = 9;
  plan.stages.forEach(({ name, title }, i) => {
    const r = results[i];
    const mark = r === undefined ? marks.pending : r.status === 'ok' ? marks.ok : r.status === 'error' ? marks.error : marks.skipped;
    const color = r === undefined || r.status === 'skipped' ? colors.muted : r.status === 'ok' ? colors.ok : colors.fail;
    const ms = r === undefined || r.status === 'skipped' ? '' : formatMs(r.durationMs);
    const factW = Math.max(10, width - nameW - msW - 8);
    lines.push(
      <Text wrap="truncate-end">
        <Text color={color}>{mark}</Text> <Text color={colors.muted}>{i + 1}</Text> <Text bold>{padEnd(name, nameW)}</Text>{' '}
        <Text color={colors.muted}>{ms.padStart(msW)}</Text>
        {'  '}
        <Text color={r?.status === 'error' ? colors.fail : undefined}>{r === undefined ? '' : truncate(stageFact(r), factW)}</Text>
      </Text>,
    );
    if (withTitles && r !== undefined && width >= 60 && r.status !== 'skipped') {
      lines.push(textLine(`      ${' '.repeat(nameW + msW + 3)}${truncate(title, factW)}`, { color: colors.muted, dimColor: true }));
    }
  });
  const total = results.reduce((sum, r) => sum + (r?.durationMs ?? 0), 0);
  lines.push(blankLine());
  lines.push(textLine(`Total ${formatMs(total)} · kubectl would exit with ${report?.output.exitCode ?? '—'}`, { bold: true }));
  if (report !== null) {
    const out = report.output.stdout.split('\n').filter((l) => l !== '').length;
    lines.push(textLine(`Printed ${out} line${out === 1 ? '' : 's'} to stdout${report.output.stderr !== '' ? ' and a message to stderr' : ''}.`, { color: colors.muted }));
  }
  if (exitHint !== null) lines.push(blankLine(), textLine(exitHint, { color: colors.accent }));
  return lines;
}
